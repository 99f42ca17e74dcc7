package io.nnmath.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Kernels;

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
 * The vector kernels that softmax is made of, one pass each over a preallocated output: where the
 * time of a softmax goes (exp against memory traffic).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmark {

    @Param({"1024", "1000000"})
    public int length;

    private Kernels kernels;
    private double[] src;
    private double[] dst;

    /** Random values in [-10, 10] from a fixed seed. */
    @Setup
    public void setUp() {
        kernels = KernelChoice.VECTOR.kernels();
        src = new SplittableRandom(42).doubles(length, -10, 10).toArray();
        dst = new double[length];
    }

    /** The max pass. */
    @Benchmark
    public double max() {
        return kernels.max(src, 0, length);
    }

    /** The exp-and-sum pass, written to a preallocated array. */
    @Benchmark
    public double expSum() {
        return kernels.expSum(src, 0, dst, 0, length, 10, 1);
    }

    /** A normalising pass, read one array and write another. */
    @Benchmark
    public double[] shiftScale() {
        kernels.shiftScale(src, 0, dst, 0, length, 0, 0.5, 0);
        return dst;
    }

    /** An allocation of an output row, zeroed by the JVM. */
    @Benchmark
    public double[] allocate() {
        return new double[length];
    }
}
