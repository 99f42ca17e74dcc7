package io.nnmath.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Recurrent.Cell;
import io.nnmath.compute.Recurrent;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One recurrent forward or backward pass over B = 8 sequences of T = 500 steps, input 64, hidden 256,
 * one layer, 10 outputs; multiply-adds per second = Recurrent.forwardWork (or backwardWork) / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class RecurrentBenchmark {

    static final int BATCH = 8;
    static final int STEPS = 500;
    static final int INPUT = 64;
    static final int HIDDEN = 256;
    static final int OUTPUTS = 10;

    @Param({"vector", "scalar"})
    public String kernel;

    @Param({"RNN_TANH", "LSTM", "GRU"})
    public String cell;

    private Recurrent recurrent;
    private Recurrent.Network network;
    private Recurrent.Sequences sequences;
    private int[] targets;

    /** Random weights scaled by 1/sqrt(H) (as PyTorch initialises them), random inputs and targets. */
    @Setup
    public void setUp() {
        recurrent = new Recurrent(KernelChoice.valueOf(kernel.toUpperCase(Locale.ROOT)).kernels());
        Cell c = Cell.valueOf(cell);
        SplittableRandom random = new SplittableRandom(7);
        int gh = c.gates() * HIDDEN;
        double scale = 1 / Math.sqrt(HIDDEN);
        List<Recurrent.Layer> layers = new ArrayList<>();
        layers.add(new Recurrent.Layer(values(random, gh * INPUT, scale), values(random, gh * HIDDEN, scale),
                values(random, gh, scale), values(random, gh, scale), INPUT));
        network = new Recurrent.Network(c, HIDDEN, layers,
                new Recurrent.Output(values(random, OUTPUTS * HIDDEN, scale), values(random, OUTPUTS, scale), OUTPUTS));
        int[] lengths = new int[BATCH];
        java.util.Arrays.fill(lengths, STEPS);
        sequences = new Recurrent.Sequences(values(random, BATCH * STEPS * INPUT, 1), lengths, INPUT, null, null);
        targets = random.ints(BATCH * STEPS, 0, OUTPUTS).toArray();
    }

    static double[] values(SplittableRandom random, int n, double scale) {
        return random.doubles(n, -scale, scale).toArray();
    }

    /** Hidden states, final states and outputs of every step. */
    @Benchmark
    public Recurrent.Forward forward() {
        return recurrent.forward(network, sequences);
    }

    /** Loss and every gradient, by backpropagation through time (the forward pass included). */
    @Benchmark
    public Recurrent.Backward backward() {
        return recurrent.backward(network, sequences, targets, io.nnmath.compute.CrossEntropy.Reduction.MEAN);
    }
}
