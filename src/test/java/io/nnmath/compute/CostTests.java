package io.nnmath.compute;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import io.nnmath.compute.Recurrent.Cell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission trusts the costs the core states before it runs: each must bound what the computation
 * really allocates (measured by the JVM for this thread), and not by so much that requests are
 * turned away for nothing. Shapes are large enough that the arrays, not object headers, dominate.
 */
class CostTests {

    /** Allocations that are no tensor: records, lists, a lambda; within the gate's fixed overhead. */
    static final long SLACK = 16 * 1024;
    /** How much a stated cost may exceed what is measured (it also covers the service's own arrays). */
    static final double MOST_OVER = 3.5;

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * The scalar kernels: until C2 has compiled them, the Vector API's kernels box every vector
     * they touch, garbage that dies at once and is no part of what a computation holds.
     */
    final Kernels kernels = new ScalarKernels();
    final Random random = new Random(17);

    @Test
    void softmaxInPlaceAndIntoANewArray() {
        Softmax softmax = new Softmax(kernels);
        for (int[] shape : new int[][] {{1, 100_000}, {20_000, 10}, {300, 300}}) {
            Matrix z = matrix(shape[0], shape[1]);
            bounds(Softmax.inPlaceCost(shape[0], shape[1]), () -> softmax.softmax(z, 1, z.data()), false);
            bounds(Softmax.inPlaceCost(shape[0], shape[1]), () -> softmax.logSoftmax(z, 1, z.data()), false);
            bounds(Softmax.cost(shape[0], shape[1]), () -> softmax.softmax(z, 2), true);
        }
    }

    @Test
    void jacobiansAndVectorJacobianProducts() {
        SoftmaxGradient gradient = new SoftmaxGradient(new Softmax(kernels));
        for (int[] shape : new int[][] {{4, 512}, {200, 20}}) {
            Matrix z = matrix(shape[0], shape[1]);
            Matrix v = matrix(shape[0], shape[1]);
            bounds(SoftmaxGradient.jacobianCost(shape[0], shape[1]), () -> gradient.jacobian(z, 1), true);
            bounds(SoftmaxGradient.vectorJacobianProductCost(shape[0], shape[1]),
                    () -> gradient.vectorJacobianProduct(z, v, 1), true);
        }
    }

    @Test
    void crossEntropyWithAndWithoutItsGradient() {
        CrossEntropy ce = new CrossEntropy(kernels);
        int rows = 5_000;
        int n = 20;
        Matrix z = matrix(rows, n);
        CrossEntropy.Targets targets = new CrossEntropy.IndexTargets(random.ints(rows, 0, n).toArray(), null);
        CrossEntropy.Options options = new CrossEntropy.Options(null, 0.1, CrossEntropy.Reduction.MEAN);
        bounds(CrossEntropy.cost(rows, n, true), () -> ce.fromLogits(z, targets, options, true), true);
        bounds(CrossEntropy.cost(rows, n, false), () -> ce.fromLogits(z, targets, options, false), false);
        Matrix p = new Softmax(kernels).softmax(z, 1);
        bounds(CrossEntropy.cost(rows, n, true), () -> ce.fromProbabilities(p, targets, options, true), true);
    }

    @Test
    void squaredErrorAndTheComparison() {
        int rows = 5_000;
        int n = 20;
        Matrix p = new Softmax(kernels).softmax(matrix(rows, n), 1);
        int[] classes = random.ints(rows, 0, n).toArray();
        bounds(SquaredError.cost(rows, n, true), () -> SquaredError.of(p, SquaredError.oneHot(classes, n)), true);
        bounds(SquaredError.compareCost(rows, n), () -> SquaredError.compare(p, classes), true);
    }

    @Test
    void denseNetworks() {
        DenseNetwork network = new DenseNetwork(kernels);
        List<DenseNetwork.Layer> layers = List.of(
                new DenseNetwork.Layer(values(64 * 30), values(64), 30, 64, DenseNetwork.Activation.RELU),
                new DenseNetwork.Layer(values(10 * 64), null, 64, 10, DenseNetwork.Activation.TANH));
        Matrix x = matrix(2_000, 30);
        bounds(DenseNetwork.cost(layers, 2_000), () -> network.forward(layers, x), true);
    }

    @Test
    void recurrentForwardAndBackwardForEveryCell() {
        Recurrent recurrent = new Recurrent(kernels);
        for (Cell cell : Cell.values()) {
            int hidden = 48;
            int input = 12;
            int[] lengths = {120, 75, 200};
            int rows = 395;
            int gh = cell.gates() * hidden;
            List<Recurrent.Layer> layers = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int in = k == 0 ? input : hidden;
                layers.add(new Recurrent.Layer(small(gh * in), small(gh * hidden), small(gh), null, in));
            }
            Recurrent.Network net = new Recurrent.Network(cell, hidden, layers,
                    new Recurrent.Output(small(5 * hidden), small(5), 5));
            Recurrent.Sequences seq = new Recurrent.Sequences(values(rows * input), lengths, input, null, null);
            int[] targets = random.ints(rows, 0, 5).toArray();
            bounds(Recurrent.forwardCost(net, rows, lengths.length), () -> recurrent.forward(net, seq), true);
            bounds(Recurrent.backwardCost(net, rows, lengths.length),
                    () -> recurrent.backward(net, seq, targets, CrossEntropy.Reduction.MEAN), true);
        }
    }

    /** The stated cost bounds the measured allocation, and (where the work allocates its results) is not far above it. */
    private void bounds(Cost cost, Supplier<?> work, boolean allocatesResults) {
        work.get(); // once first, so that class loading and first-call allocations are not counted
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object result = work.get();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(result).isNotNull();
        assertThat(allocated).as("allocated bytes against the stated %s", cost).isLessThanOrEqualTo(cost.bytes() + SLACK);
        if (allocatesResults) {
            assertThat((double) cost.bytes()).as("stated cost against %d bytes allocated", allocated)
                    .isLessThanOrEqualTo(MOST_OVER * allocated + SLACK);
        }
    }

    private Matrix matrix(int rows, int cols) {
        return new Matrix(rows, cols, values(rows * cols));
    }

    private double[] values(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private double[] small(int n) {
        double[] v = values(n);
        for (int i = 0; i < n; i++) {
            v[i] *= 0.1;
        }
        return v;
    }
}
