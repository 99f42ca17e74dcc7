package io.nnmath.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Kernels;
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

/** Cross-entropy with its gradient over 10,000 x 100 logits (index targets, mean), beside softmax alone. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class CrossEntropyBenchmark {

    static final int ROWS = 10_000;
    static final int CLASSES = 100;

    @Param({"vector", "scalar"})
    public String kernel;

    private CrossEntropy crossEntropy;
    private Softmax softmax;
    private Matrix logits;
    private CrossEntropy.Targets targets;
    private CrossEntropy.Targets smoothedTargets;
    private final CrossEntropy.Options mean = new CrossEntropy.Options(null, 0, CrossEntropy.Reduction.MEAN);
    private final CrossEntropy.Options smoothed = new CrossEntropy.Options(null, 0.1, CrossEntropy.Reduction.MEAN);

    /** Random logits in [-10, 10] and random targets, from a fixed seed. */
    @Setup
    public void setUp() {
        Kernels kernels = KernelChoice.valueOf(kernel.toUpperCase(Locale.ROOT)).kernels();
        crossEntropy = new CrossEntropy(kernels);
        softmax = new Softmax(kernels);
        SplittableRandom random = new SplittableRandom(3);
        logits = new Matrix(ROWS, CLASSES, random.doubles(ROWS * CLASSES, -10, 10).toArray());
        targets = new CrossEntropy.IndexTargets(random.ints(ROWS, 0, CLASSES).toArray(), null);
        smoothedTargets = targets;
    }

    /** Loss and gradient with respect to the logits, the common case. */
    @Benchmark
    public CrossEntropy.Result crossEntropyWithGradient() {
        return crossEntropy.fromLogits(logits, targets, mean, true);
    }

    /** The same with label smoothing 0.1 (the general path). */
    @Benchmark
    public CrossEntropy.Result smoothedCrossEntropyWithGradient() {
        return crossEntropy.fromLogits(logits, smoothedTargets, smoothed, true);
    }

    /** Softmax alone over the same logits, the yardstick. */
    @Benchmark
    public Matrix softmaxAlone() {
        return softmax.softmax(logits, 1);
    }
}
