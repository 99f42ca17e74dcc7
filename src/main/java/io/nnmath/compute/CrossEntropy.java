package io.nnmath.compute;

import java.util.Arrays;

/**
 * Cross-entropy with every PyTorch option, and its gradient, in one pass set per row. Each row n is
 * scored against coefficients {@code a[c] = w[c] * t'[c]} (t' the smoothed target), so that
 * {@code loss_n = -sum_c a[c] l[c]} for log-probabilities l; a term with {@code a[c] = 0} counts 0
 * even where {@code l[c] = -inf}. With logits the gradient is {@code p * sum(a) - a}; with
 * probabilities it is {@code -a / p}; both times the reduction's factor.
 */
public final class CrossEntropy {

    public enum Reduction { MEAN, SUM, NONE }

    /** What each row is scored against. */
    public sealed interface Targets permits IndexTargets, SoftTargets {
    }

    /** One class index per row; rows whose index equals {@code ignoreIndex} (when not null) count for nothing. */
    public record IndexTargets(int[] classes, Integer ignoreIndex) implements Targets {
        public IndexTargets {
            Shapes.requireThat(classes != null, () -> "index targets need their classes");
        }

        boolean ignored(int row) {
            return ignoreIndex != null && classes[row] == ignoreIndex;
        }
    }

    /** One distribution per row (soft labels), the shape of the input. */
    public record SoftTargets(Matrix probabilities) implements Targets {
        public SoftTargets {
            Shapes.requireThat(probabilities != null, () -> "soft targets need their probabilities");
        }
    }

    /** @param weights one per class, >= 0; null for all 1.  @param labelSmoothing e in [0, 1). */
    public record Options(double[] weights, double labelSmoothing, Reduction reduction) {
        public Options {
            Shapes.requireThat(labelSmoothing >= 0 && labelSmoothing < 1, () -> "label smoothing must be in [0, 1), not "
                    + labelSmoothing);
            Shapes.requireThat(reduction != null, () -> "a reduction is required");
        }
    }

    /** Per-row losses, the reduced loss (NaN for NONE), and the gradient of the reduced loss (or of the sum of losses for NONE). */
    public record Result(double[] losses, double loss, Matrix gradient) {
    }

    /** Thrown for a mean over nothing: every row ignored, or target weights summing to 0. */
    public static final class EmptyMeanException extends ArithmeticException {
        private final boolean everyRowIgnored;

        EmptyMeanException(boolean everyRowIgnored) {
            super(everyRowIgnored ? "every row is ignored, so the mean is over no rows"
                    : "the weights of the target classes sum to 0, so the weighted mean is undefined");
            this.everyRowIgnored = everyRowIgnored;
        }

        /** True when every row was ignored; false when the target classes' weights sum to 0. */
        public boolean everyRowIgnored() {
            return everyRowIgnored;
        }
    }

    private final Kernels kernels;

    public CrossEntropy(Kernels kernels) {
        this.kernels = kernels;
    }

    /** Losses, the gradient when asked for (rows x n), and per-class scratch; a few passes of work. */
    public static Cost cost(int rows, int n, boolean withGradient) {
        long elements = (long) rows * n;
        return new Cost(Cost.doubleBytes(2L * rows + 3L * n + (withGradient ? elements : 0)), 4 * elements);
    }

    /** Loss from logits z, l = log_softmax(z); gradient with respect to z when {@code withGradient}. */
    public Result fromLogits(Matrix z, Targets targets, Options options, boolean withGradient) {
        int rows = z.rows();
        int n = z.cols();
        requireShapes(z, targets, options);
        double factor = reductionFactor(targets, options, rows);
        double[] weights = weightsOrOnes(options.weights(), n);
        double[] losses = new double[rows];
        double[] grad = withGradient ? new double[z.data().length] : null;
        double[] exps = withGradient ? grad : new double[n];
        double[] a = new double[n];
        double[] data = z.data();
        for (int r = 0; r < rows; r++) {
            int off = z.offset(r);
            int eOff = withGradient ? off : 0;
            if (targets instanceof IndexTargets index && index.ignored(r)) {
                continue; // loss 0, gradient row 0
            }
            double max = kernels.max(data, off, n);
            double sum = kernels.expSum(data, off, exps, eOff, n, max, 1);
            double logSum = Math.log(sum);
            if (targets instanceof IndexTargets index && options.labelSmoothing() == 0) {
                // The common case, one coefficient: loss = w[y] (log sum - (z[y] - max)).
                int y = index.classes()[r];
                losses[r] = weights[y] * (logSum - (data[off + y] - max));
                if (withGradient) {
                    kernels.scaleInPlace(grad, off, n, factor * weights[y] / sum);
                    grad[off + y] -= factor * weights[y];
                }
                continue;
            }
            double total = coefficients(targets, options, weights, r, a);
            double weighted = 0; // sum_c a[c] (z[c] - max) <= 0, with no cancellation
            for (int c = 0; c < n; c++) {
                if (a[c] != 0) {
                    weighted += a[c] * (data[off + c] - max);
                }
            }
            losses[r] = total * logSum - weighted;
            if (withGradient) {
                for (int c = 0; c < n; c++) {
                    grad[off + c] = factor * (grad[off + c] / sum * total - a[c]);
                }
            }
        }
        return result(losses, n, options, factor, grad == null ? null : z.withData(grad));
    }

    /** Loss from probabilities p, l = log p; gradient with respect to p when {@code withGradient}. */
    public Result fromProbabilities(Matrix p, Targets targets, Options options, boolean withGradient) {
        int rows = p.rows();
        int n = p.cols();
        requireShapes(p, targets, options);
        double factor = reductionFactor(targets, options, rows);
        double[] weights = weightsOrOnes(options.weights(), n);
        double[] losses = new double[rows];
        double[] grad = withGradient ? new double[p.data().length] : null;
        double[] a = new double[n];
        double[] data = p.data();
        for (int r = 0; r < rows; r++) {
            if (targets instanceof IndexTargets index && index.ignored(r)) {
                continue;
            }
            coefficients(targets, options, weights, r, a);
            int off = p.offset(r);
            double loss = 0;
            for (int c = 0; c < n; c++) {
                if (a[c] == 0) {
                    continue; // 0 * log 0 = 0
                }
                if (data[off + c] == 0) {
                    throw new NonFiniteResultException("cross-entropy (a target class has probability 0)", off + c);
                }
                loss -= a[c] * Math.log(data[off + c]);
                if (withGradient) {
                    grad[off + c] = -factor * a[c] / data[off + c];
                }
            }
            losses[r] = loss;
        }
        return result(losses, n, options, factor, grad == null ? null : p.withData(grad));
    }

    /** Fills a[c] = w[c] * t'[c] for row r; returns sum_c a[c]. */
    private static double coefficients(Targets targets, Options options, double[] weights, int r, double[] a) {
        int n = a.length;
        double e = options.labelSmoothing();
        double total = 0;
        if (targets instanceof IndexTargets index) {
            int y = index.classes()[r];
            for (int c = 0; c < n; c++) {
                a[c] = weights[c] * ((c == y ? 1 - e : 0) + e / n);
                total += a[c];
            }
        } else if (targets instanceof SoftTargets soft) {
            double[] t = soft.probabilities().data();
            int off = soft.probabilities().offset(r);
            for (int c = 0; c < n; c++) {
                a[c] = weights[c] * ((1 - e) * t[off + c] + e / n);
                total += a[c];
            }
        }
        return total;
    }

    /**
     * 1 for SUM and NONE; for MEAN 1 / rows with soft targets, and 1 / sum_n w[y_n] over the rows
     * not ignored with index targets (PyTorch's weighted mean).
     */
    /** The targets and weights fit the input's rows and classes. */
    private static void requireShapes(Matrix input, Targets targets, Options options) {
        int rows = input.rows();
        int n = input.cols();
        Shapes.requireOptional(options.weights(), n, () -> "the class weights [" + n + "]");
        switch (targets) {
            case IndexTargets index -> {
                Shapes.requireThat(index.classes().length == rows, () -> "one index target per row: " + rows + ", not "
                        + index.classes().length);
                for (int r = 0; r < rows; r++) {
                    int c = index.classes()[r];
                    if (!(index.ignored(r) || c >= 0 && c < n)) {
                        throw new IllegalArgumentException("an index target must be a class from 0 to " + (n - 1)
                                + " (or the ignore index), not " + c);
                    }
                }
            }
            case SoftTargets soft -> Shapes.requireThat(soft.probabilities().rows() == rows
                    && soft.probabilities().cols() == n, () -> "soft targets must have the input's shape " + rows + " x " + n);
        }
    }

    private static double reductionFactor(Targets targets, Options options, int rows) {
        if (options.reduction() != Reduction.MEAN) {
            return 1;
        }
        if (!(targets instanceof IndexTargets index)) {
            return 1.0 / rows;
        }
        double denominator = 0;
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            if (!index.ignored(r)) {
                denominator += options.weights() == null ? 1 : options.weights()[index.classes()[r]];
                counted++;
            }
        }
        if (counted == 0) {
            throw new EmptyMeanException(true);
        }
        if (denominator == 0) {
            throw new EmptyMeanException(false);
        }
        return 1 / denominator;
    }

    private Result result(double[] losses, int cols, Options options, double factor, Matrix gradient) {
        requireFinite(losses, "loss", cols);
        double loss = Double.NaN;
        if (options.reduction() != Reduction.NONE) {
            loss = 0;
            for (double l : losses) {
                loss += l;
            }
            loss *= factor;
            if (!Double.isFinite(loss)) {
                throw new NonFiniteResultException("reduced loss", -1);
            }
        }
        if (gradient != null) {
            requireFinite(gradient.data(), "gradient", 1);
        }
        return new Result(losses, loss, gradient);
    }

    /** Throws for the first non-finite value; entry i stems from input element {@code i * stride}. */
    private void requireFinite(double[] values, String quantity, int stride) {
        if (!kernels.allFinite(values, 0, values.length)) {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new NonFiniteResultException(quantity, i * stride);
                }
            }
        }
    }

    private static double[] weightsOrOnes(double[] weights, int n) {
        if (weights != null) {
            return weights;
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return ones;
    }
}
