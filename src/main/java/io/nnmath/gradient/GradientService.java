package io.nnmath.gradient;

import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.SoftmaxGradient;
import io.nnmath.loss.CrossEntropyRequest;
import io.nnmath.loss.LossInputs;
import io.nnmath.loss.LossService;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.RequestChecks;
import io.nnmath.system.ComputeGate;
import io.nnmath.system.Operation;
import io.nnmath.system.Limits;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.Tensor;

import org.springframework.stereotype.Service;

/** Softmax Jacobians and vector-Jacobian products, and the cross-entropy gradient. */
@Service
class GradientService {

    private final SoftmaxGradient softmaxGradient;
    private final LossService losses;
    private final Limits limits;
    private final ComputeGate gate;

    GradientService(SoftmaxGradient softmaxGradient, LossService losses, Limits limits,
                    ComputeGate gate) {
        this.softmaxGradient = softmaxGradient;
        this.losses = losses;
        this.limits = limits;
        this.gate = gate;
    }

    SoftmaxGradientResponse softmax(SoftmaxGradientRequest request) {
        NumberArray logits = RequestChecks.required(request.logits(), "/logits");
        Matrix z = logits.matrix();
        int rank = logits.rank();
        double temperature = RequestChecks.temperature(request.temperature(), "/temperature");
        if (request.upstream() != null) {
            Matrix v = request.upstream().matrixLike(z, rank, "/logits");
            SoftmaxGradient.Product product = gate.run(Operation.SOFTMAX_GRADIENT, request.upstream(),
                    2L * z.data().length, SoftmaxGradient.vectorJacobianProductCost(z.rows(), z.cols()),
                    () -> softmaxGradient.vectorJacobianProduct(z, v, temperature));
            return new SoftmaxGradientResponse(Tensor.of(product.probabilities(), rank), null,
                    Tensor.of(product.vectorJacobianProduct(), rank));
        }
        requireJacobianFits(z);
        SoftmaxGradient.Jacobians j = gate.run(Operation.SOFTMAX_GRADIENT, logits, z.data().length,
                SoftmaxGradient.jacobianCost(z.rows(), z.cols()),
                () -> softmaxGradient.jacobian(z, temperature));
        int n = z.cols();
        Tensor jacobian = rank == 1 ? new Tensor(j.jacobians(), n, n) : new Tensor(j.jacobians(), z.rows(), n, n);
        return new SoftmaxGradientResponse(Tensor.of(j.probabilities(), rank), jacobian, null);
    }

    /** A full Jacobian has rows x n^2 numbers: bounded per row and in all, before anything is allocated. */
    private void requireJacobianFits(Matrix z) {
        long numbers = (long) z.rows() * z.cols() * z.cols();
        if (z.cols() > limits.maxJacobianClasses() || numbers > limits.maxNumbers()) {
            throw ProblemException.tooLarge("a full Jacobian of " + z.rows() + " rows of " + z.cols()
                    + " classes has " + numbers + " numbers; the limits are " + limits.maxJacobianClasses()
                    + " classes (nnmath.limits.max-jacobian-classes) and " + limits.maxNumbers()
                    + " numbers (nnmath.limits.max-numbers). Send an upstream gradient to get the "
                    + "vector-Jacobian product instead, which needs no Jacobian");
        }
    }

    CrossEntropyGradientResponse crossEntropy(CrossEntropyRequest request) {
        LossInputs.CrossEntropyInput in = LossInputs.crossEntropy(request);
        CrossEntropy.Result result = losses.crossEntropy(in, true, Operation.CROSS_ENTROPY_GRADIENT);
        return new CrossEntropyGradientResponse(result.losses(), LossService.reduced(result.loss()),
                Tensor.of(result.gradient(), in.rank()));
    }
}
