package io.nnmath.loss;

import io.nnmath.compute.CrossEntropy.IndexTargets;
import io.nnmath.compute.CrossEntropy.Reduction;
import io.nnmath.compute.CrossEntropy.SoftTargets;
import io.nnmath.compute.CrossEntropy.Targets;
import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.Matrix;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.RequestChecks;
import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NestedArray;
import io.nnmath.tensor.NumberArray;

/** Validation shared by the loss and gradient endpoints: distributions, targets, options. */
public final class LossInputs {

    /** How far a row of probabilities may sum from 1. */
    static final double SUM_TOLERANCE = 1e-6;

    private LossInputs() {
    }

    /** A validated cross-entropy request: the input (logits or probabilities), its rank, targets and options. */
    public record CrossEntropyInput(Matrix input, boolean fromLogits, NestedArray source, int rank,
                                    Targets targets, CrossEntropy.Options options, long numbers) {
    }

    public static CrossEntropyInput crossEntropy(CrossEntropyRequest request) {
        NumberArray source = RequestChecks.exactlyOne(request.logits(), "/logits",
                request.probabilities(), "/probabilities");
        boolean fromLogits = source == request.logits();
        Matrix input = fromLogits ? source.matrix() : distributions(source);
        int rank = source.rank();
        RequestChecks.exactlyOne(request.target(), "/target", request.targetProbabilities(), "/targetProbabilities");
        Targets targets = request.target() != null
                ? new IndexTargets(indexTargets(request.target(), input, rank, request.ignoreIndex()),
                        request.ignoreIndex())
                : new SoftTargets(softTargets(request.targetProbabilities(), input, rank, source.pointer()));
        double[] weights = weights(request.weights(), input.cols());
        double smoothing = RequestChecks.inRange(request.labelSmoothing(), 0, 0, 1, "/labelSmoothing");
        long numbers = (long) source.size() + (request.target() != null ? request.target().size()
                : request.targetProbabilities().size()) + (weights == null ? 0 : weights.length);
        return new CrossEntropyInput(input, fromLogits, source, rank, targets,
                new CrossEntropy.Options(weights, smoothing, reduction(request.reduction())), numbers);
    }

    static Reduction reduction(String reduction) {
        return RequestChecks.option(reduction, "/reduction", Reduction.MEAN);
    }

    /** Rows that are distributions: entries in [0, 1] summing to 1 within {@link #SUM_TOLERANCE}. */
    public static Matrix distributions(NumberArray array) {
        Matrix m = array.matrix();
        double[] d = m.data();
        for (int r = 0; r < m.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < m.cols(); c++) {
                double p = d[m.offset(r) + c];
                if (!(p >= 0 && p <= 1)) {
                    throw ProblemException.invalid(array.pointerOfValue(m.offset(r) + c),
                            "must be a probability in [0, 1]");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw ProblemException.invalid(array.pointerOfRow(r), "sums to " + sum
                        + "; a row of probabilities must sum to 1 (within " + SUM_TOLERANCE + ")");
            }
        }
        return m;
    }

    /** Class indices: a single one for a rank-1 input, one per row for rank 2, each in [0, C) or the ignore index. */
    static int[] indexTargets(IndexArray target, Matrix input, int rank, Integer ignoreIndex) {
        target.requireRank(rank - 1);
        if (rank == 2 && target.size() != input.rows()) {
            throw ProblemException.shape(target.pointer(), "has " + target.size() + " targets but the input has "
                    + input.rows() + " rows; send one class index per row");
        }
        return target.indicesBelow(input.cols(), ignoreIndex);
    }

    static Matrix softTargets(NumberArray targets, Matrix input, int rank, String inputPointer) {
        targets.matrixLike(input, rank, inputPointer);
        return distributions(targets);
    }

    /** Class weights: one finite number >= 0 per class, or null when absent. */
    static double[] weights(NumberArray weights, int classes) {
        if (weights == null) {
            return null;
        }
        weights.requireRank(1);
        if (weights.size() != classes) {
            throw ProblemException.shape(weights.pointer(), "has " + weights.size() + " weights but there are "
                    + classes + " classes; send one weight per class");
        }
        double[] w = weights.data();
        for (int c = 0; c < w.length; c++) {
            if (w[c] < 0) {
                throw ProblemException.invalid(weights.pointerOfValue(c), "must be >= 0");
            }
        }
        return w;
    }
}
