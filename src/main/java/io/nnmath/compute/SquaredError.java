package io.nnmath.compute;

/**
 * Squared error of predicted distributions against targets, and the comparison of cross-entropy
 * with squared error on the target class's probability (why classifiers train on cross-entropy).
 */
public final class SquaredError {

    private SquaredError() {
    }

    /** Residuals r = t - p and per-row losses sum_c r[c]^2. */
    public record Result(double[] losses, Matrix residuals) {
    }

    /** Per row of {@code p} against the distribution rows of {@code t} (same shape). */
    /** Residuals (rows x n) and losses; with the one-hot targets of index targets when {@code oneHot}. */
    public static Cost cost(int rows, int n, boolean oneHot) {
        long elements = (long) rows * n;
        return new Cost(Cost.doubleBytes(elements * (oneHot ? 2 : 1) + rows), 2 * elements);
    }

    /** The comparison's four values per row. */
    public static Cost compareCost(int rows, int n) {
        return new Cost(Cost.doubleBytes(4L * rows), (long) rows * n);
    }

    public static Result of(Matrix p, Matrix t) {
        double[] residuals = new double[p.data().length];
        double[] losses = new double[p.rows()];
        for (int r = 0; r < p.rows(); r++) {
            int off = p.offset(r);
            double loss = 0;
            for (int c = 0; c < p.cols(); c++) {
                double d = t.data()[off + c] - p.data()[off + c];
                residuals[off + c] = d;
                loss += d * d;
            }
            losses[r] = loss;
        }
        return new Result(losses, p.withData(residuals));
    }

    /** The one-hot matrix of {@code classes}, {@code cols} wide. */
    public static Matrix oneHot(int[] classes, int cols) {
        Matrix m = Matrix.zeros(classes.length, cols);
        for (int r = 0; r < classes.length; r++) {
            m.data()[m.offset(r) + classes[r]] = 1;
        }
        return m;
    }

    /** Per row, for the target's probability p_y: -log p_y, (1 - p_y)^2, and their slopes -1/p_y, -2(1 - p_y). */
    public record Comparison(double[] crossEntropy, double[] squaredError,
                             double[] crossEntropySlope, double[] squaredErrorSlope) {
    }

    /** @throws NonFiniteResultException where p_y = 0 (infinite cross-entropy) */
    public static Comparison compare(Matrix p, int[] classes) {
        int rows = p.rows();
        Comparison out = new Comparison(new double[rows], new double[rows], new double[rows], new double[rows]);
        for (int r = 0; r < rows; r++) {
            int at = p.offset(r) + classes[r];
            double py = p.data()[at];
            if (py == 0) {
                throw new NonFiniteResultException("cross-entropy (the target class has probability 0)", at);
            }
            out.crossEntropy[r] = -Math.log(py);
            out.squaredError[r] = (1 - py) * (1 - py);
            out.crossEntropySlope[r] = -1 / py;
            out.squaredErrorSlope[r] = -2 * (1 - py);
            if (!Double.isFinite(out.crossEntropySlope[r])) {
                throw new NonFiniteResultException("cross-entropy slope", at);
            }
        }
        return out;
    }
}
