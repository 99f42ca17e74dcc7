package io.nnmath.compute;

/**
 * Derivatives of p = softmax(z / T): the Jacobian {@code J[i][j] = p_i (delta_ij - p_j) / T} and the
 * vector-Jacobian product {@code (v^T J)_i = p_i (v_i - sum_j v_j p_j) / T}, which never forms J.
 */
public final class SoftmaxGradient {

    private final Softmax softmax;
    private final Kernels kernels;

    public SoftmaxGradient(Softmax softmax) {
        this.softmax = softmax;
        this.kernels = softmax.kernels();
    }

    /** The probabilities and, row by row, the n x n Jacobians (flat: rows x n x n). */
    public record Jacobians(Matrix probabilities, double[] jacobians) {
    }

    /** The probabilities and rows x n x n Jacobian entries. */
    public static Cost jacobianCost(int rows, int n) {
        return Softmax.cost(rows, n).plus(Cost.ofDoubles(Math.multiplyExact((long) rows, (long) n * n)));
    }

    /** The probabilities and the product, each rows x n. */
    public static Cost vectorJacobianProductCost(int rows, int n) {
        return Softmax.cost(rows, n).plus(Cost.ofDoubles(2L * rows * n));
    }

    public Jacobians jacobian(Matrix logits, double temperature) {
        Matrix p = softmax.softmax(logits, temperature);
        int n = p.cols();
        double[] j = new double[Math.multiplyExact(p.rows(), Math.multiplyExact(n, n))];
        double[] pd = p.data();
        for (int r = 0; r < p.rows(); r++) {
            int pOff = p.offset(r);
            int jOff = r * n * n;
            for (int i = 0; i < n; i++) {
                double pi = pd[pOff + i] / temperature;
                int rowOff = jOff + i * n;
                for (int k = 0; k < n; k++) {
                    j[rowOff + k] = -pi * pd[pOff + k];
                }
                j[rowOff + i] += pi;
            }
        }
        return new Jacobians(p, j);
    }

    /** The probabilities and v^T J row by row, for upstream gradients v of the logits' shape. */
    public record Product(Matrix probabilities, Matrix vectorJacobianProduct) {
    }

    public Product vectorJacobianProduct(Matrix logits, Matrix upstream, double temperature) {
        Matrix p = softmax.softmax(logits, temperature);
        double[] out = new double[p.data().length];
        int n = p.cols();
        for (int r = 0; r < p.rows(); r++) {
            int off = p.offset(r);
            double mean = kernels.dot(upstream.data(), off, p.data(), off, n);
            kernels.mulShifted(p.data(), off, upstream.data(), off, out, off, n, mean, 1 / temperature);
        }
        Matrix vjp = p.withData(out);
        softmax.requireFinite(vjp, "vector-Jacobian product");
        return new Product(p, vjp);
    }
}
