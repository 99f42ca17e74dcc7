package io.nnmath.loss;

import io.nnmath.compute.Cost;
import io.nnmath.compute.CrossEntropy.Reduction;
import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.SquaredError;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.RequestChecks;
import io.nnmath.system.ComputeGate;
import io.nnmath.system.Operation;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.PerRow;
import io.nnmath.tensor.Tensor;

import org.springframework.stereotype.Service;

/** Cross-entropy, squared error and their comparison: validate once, compute, answer like the request. */
@Service
public class LossService {

    private final CrossEntropy crossEntropy;
    private final ComputeGate gate;

    LossService(CrossEntropy crossEntropy, ComputeGate gate) {
        this.crossEntropy = crossEntropy;
        this.gate = gate;
    }

    CrossEntropyResponse crossEntropy(CrossEntropyRequest request) {
        CrossEntropy.Result result = crossEntropy(LossInputs.crossEntropy(request), false, Operation.CROSS_ENTROPY);
        return new CrossEntropyResponse(result.losses(), reduced(result.loss()));
    }

    /** Runs the core on a validated request, turning its arithmetic refusals into 422s at the right field. */
    public CrossEntropy.Result crossEntropy(LossInputs.CrossEntropyInput in, boolean withGradient, Operation operation) {
        try {
            Cost cost = CrossEntropy.cost(in.input().rows(), in.input().cols(), withGradient);
            return gate.run(operation, in.source(), in.numbers(), cost, () -> in.fromLogits()
                    ? crossEntropy.fromLogits(in.input(), in.targets(), in.options(), withGradient)
                    : crossEntropy.fromProbabilities(in.input(), in.targets(), in.options(), withGradient));
        } catch (CrossEntropy.EmptyMeanException e) {
            throw ProblemException.invalid(e.everyRowIgnored() ? "/ignoreIndex" : "/weights",
                    e.getMessage() + "; use reduction sum or none, or change the targets");
        }
    }

    /** The reduced loss, or null (absent) for reduction none. */
    public static Double reduced(double loss) {
        return Double.isNaN(loss) ? null : loss;
    }

    SquaredErrorResponse squaredError(SquaredErrorRequest request) {
        NumberArray source = RequestChecks.required(request.probabilities(), "/probabilities");
        Matrix p = LossInputs.distributions(source);
        int rank = source.rank();
        RequestChecks.exactlyOne(request.target(), "/target", request.targetProbabilities(), "/targetProbabilities");
        Matrix t = request.target() != null
                ? SquaredError.oneHot(LossInputs.indexTargets(request.target(), p, rank, null), p.cols())
                : LossInputs.softTargets(request.targetProbabilities(), p, rank, source.pointer());
        Reduction reduction = LossInputs.reduction(request.reduction());
        SquaredError.Result result = gate.run(Operation.SQUARED_ERROR, source, 2L * p.data().length,
                SquaredError.cost(p.rows(), p.cols(), request.target() != null), () -> SquaredError.of(p, t));
        Double loss = null;
        if (reduction != Reduction.NONE) {
            double sum = 0;
            for (double l : result.losses()) {
                sum += l;
            }
            loss = reduction == Reduction.MEAN ? sum / p.rows() : sum;
        }
        return new SquaredErrorResponse(result.losses(), loss, Tensor.of(result.residuals(), rank));
    }

    CompareResponse compare(CompareRequest request) {
        NumberArray source = RequestChecks.required(request.probabilities(), "/probabilities");
        Matrix p = LossInputs.distributions(source);
        int rank = source.rank();
        int[] classes = LossInputs.indexTargets(RequestChecks.required(request.target(), "/target"), p, rank, null);
        SquaredError.Comparison c = gate.run(Operation.COMPARE, source, p.data().length + classes.length,
                SquaredError.compareCost(p.rows(), p.cols()), () -> SquaredError.compare(p, classes));
        return new CompareResponse(PerRow.of(c.crossEntropy(), rank), PerRow.of(c.squaredError(), rank),
                PerRow.of(c.crossEntropySlope(), rank), PerRow.of(c.squaredErrorSlope(), rank));
    }
}
