package io.nnmath.softmax;

import io.nnmath.compute.Matrix;
import io.nnmath.compute.Softmax;
import io.nnmath.problem.RequestChecks;
import io.nnmath.system.ComputeGate;
import io.nnmath.system.Operation;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.PerRow;
import io.nnmath.tensor.Tensor;

import org.springframework.stereotype.Service;

/** Validates a softmax request once, runs the core, and shapes the answer like the request. */
@Service
class SoftmaxService {

    private final Softmax softmax;
    private final ComputeGate gate;

    SoftmaxService(Softmax softmax, ComputeGate gate) {
        this.softmax = softmax;
        this.gate = gate;
    }

    SoftmaxResponse softmax(SoftmaxRequest request) {
        Input in = Input.of(request);
        int[] argmax = Softmax.argmax(in.logits);
        // In place: the logits array belongs to this request, and a second 8 MB array for 1M logits
        // would cost an extra pass over memory (zeroing) and heap.
        Matrix p = gate.run(Operation.SOFTMAX, request.logits(), in.logits.data().length, Softmax.inPlaceCost(in.logits.rows(), in.logits.cols()),
                () -> softmax.softmax(in.logits, in.temperature, in.logits.data()));
        return new SoftmaxResponse(Tensor.of(p, in.rank), PerRow.of(argmax, in.rank),
                PerRow.of(PerRow.names(argmax, in.classNames), in.rank));
    }

    LogSoftmaxResponse logSoftmax(SoftmaxRequest request) {
        Input in = Input.of(request);
        int[] argmax = Softmax.argmax(in.logits);
        Matrix l = gate.run(Operation.LOG_SOFTMAX, request.logits(), in.logits.data().length,
                Softmax.inPlaceCost(in.logits.rows(), in.logits.cols()),
                () -> softmax.logSoftmax(in.logits, in.temperature, in.logits.data()));
        return new LogSoftmaxResponse(Tensor.of(l, in.rank), PerRow.of(argmax, in.rank),
                PerRow.of(PerRow.names(argmax, in.classNames), in.rank));
    }

    /** The request, validated: logits as a matrix (rank 1 or 2), temperature, names. */
    private record Input(Matrix logits, int rank, double temperature, String[] classNames) {
        static Input of(SoftmaxRequest request) {
            NumberArray logits = RequestChecks.required(request.logits(), "/logits");
            Matrix m = logits.matrix();
            return new Input(m, logits.rank(), RequestChecks.temperature(request.temperature(), "/temperature"),
                    RequestChecks.classNames(request.classNames(), m.cols(), "/classNames"));
        }
    }
}
