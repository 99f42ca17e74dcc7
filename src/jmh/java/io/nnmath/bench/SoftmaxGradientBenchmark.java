package io.nnmath.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Kernels;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Softmax;
import io.nnmath.compute.SoftmaxGradient;

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
 * The softmax vector-Jacobian product v^T J (probabilities included) over 10,000 x 100 logits, and
 * the full Jacobians of 1,000 rows of 100 (100 x 100 each), per kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SoftmaxGradientBenchmark {

    @Param({"vector", "scalar"})
    public String kernel;

    private SoftmaxGradient gradient;
    private Matrix logits;
    private Matrix upstream;
    private Matrix fewRows;

    /** Random logits in [-10, 10] and upstream gradients in [-1, 1], from a fixed seed. */
    @Setup
    public void setUp() {
        Kernels kernels = KernelChoice.valueOf(kernel.toUpperCase(Locale.ROOT)).kernels();
        gradient = new SoftmaxGradient(new Softmax(kernels));
        SplittableRandom random = new SplittableRandom(9);
        logits = new Matrix(10_000, 100, random.doubles(1_000_000, -10, 10).toArray());
        upstream = new Matrix(10_000, 100, random.doubles(1_000_000, -1, 1).toArray());
        fewRows = new Matrix(1_000, 100, random.doubles(100_000, -10, 10).toArray());
    }

    /** v^T J for 10,000 rows of 100: one softmax, one dot and one fused pass per row. */
    @Benchmark
    public SoftmaxGradient.Product vectorJacobianProduct() {
        return gradient.vectorJacobianProduct(logits, upstream, 1);
    }

    /** The 1,000 Jacobians of 100 x 100 (10 million entries written). */
    @Benchmark
    public SoftmaxGradient.Jacobians jacobian() {
        return gradient.jacobian(fewRows, 1);
    }
}
