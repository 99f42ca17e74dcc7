package io.nnmath.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Softmax;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time of one softmax or log-softmax call (T = 1) on random logits in [-10, 10], per kernel and shape. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SoftmaxBenchmark {

    @Param({"vector", "scalar"})
    public String kernel;

    /**
     * rows x cols; divide the time per call by rows * cols for the time per element. Other shapes
     * run with -p shape=..., e.g. 62500x16,31250x32 around Softmax.SHORT_ROW.
     */
    @Param({"1x1000000", "1x1024", "100000x10"})
    public String shape;

    private Softmax softmax;
    private Matrix logits;
    private double[] out;

    /** Builds the kernels and the logits, from a fixed seed. */
    @Setup
    public void setUp() {
        softmax = new Softmax(KernelChoice.valueOf(kernel.toUpperCase(Locale.ROOT)).kernels());
        String[] rc = shape.split("x");
        int rows = Integer.parseInt(rc[0]);
        int cols = Integer.parseInt(rc[1]);
        SplittableRandom random = new SplittableRandom(42);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble(-10, 10);
        }
        logits = new Matrix(rows, cols, data);
        out = new double[data.length];
    }

    /** One softmax call over every row. */
    @Benchmark
    public Matrix softmax() {
        return softmax.softmax(logits, 1.0);
    }

    /** One softmax call into a preallocated array, as the service does (in its case, in place). */
    @Benchmark
    public Matrix softmaxInto() {
        return softmax.softmax(logits, 1.0, out);
    }

    /** One log-softmax call over every row, its finiteness check included. */
    @Benchmark
    public Matrix logSoftmax() {
        return softmax.logSoftmax(logits, 1.0);
    }
}
