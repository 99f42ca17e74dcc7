package io.nnmath.softmax;

import java.util.function.ObjDoubleConsumer;

import io.nnmath.compute.Cost;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Segments;
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
        int[] argmax = in.argmax();
        Tensor p = inPlace(Operation.SOFTMAX, request, in, softmax::softmaxInPlace, softmax::softmax);
        return new SoftmaxResponse(p, PerRow.of(argmax, in.rank()), PerRow.of(PerRow.names(argmax, in.classNames), in.rank()));
    }

    LogSoftmaxResponse logSoftmax(SoftmaxRequest request) {
        Input in = Input.of(request);
        int[] argmax = in.argmax();
        Tensor l = inPlace(Operation.LOG_SOFTMAX, request, in, softmax::logSoftmaxInPlace, softmax::logSoftmax);
        return new LogSoftmaxResponse(l, PerRow.of(argmax, in.rank()),
                PerRow.of(PerRow.names(argmax, in.classNames), in.rank()));
    }

    /** A softmax or log-softmax of a matrix written into {@code out}. */
    private interface MatrixOperation {
        Matrix apply(Matrix logits, double temperature, double[] out);
    }

    /**
     * The operation in place, through the compute gate. In place: the logits belong to this request,
     * and a second 8 MB array for 1M logits would cost an extra pass over memory (zeroing) and heap.
     * A long vector stays in the parts its reader gathered it in, so that it is held once, not copied
     * into one array.
     */
    private Tensor inPlace(Operation operation, SoftmaxRequest request, Input in, ObjDoubleConsumer<Segments> vector,
            MatrixOperation matrix) {
        return gate.run(operation, request.logits(), in.size(), in.cost(), () -> {
            if (in.vector != null) {
                vector.accept(in.vector, in.temperature);
                return Tensor.of(in.vector);
            }
            return Tensor.of(matrix.apply(in.logits, in.temperature, in.logits.data()), 2);
        });
    }

    /**
     * The request, validated: the logits as a vector (rank 1, in the parts it was read into) or as a
     * matrix (rank 2), the temperature, the names.
     */
    private record Input(Segments vector, Matrix logits, double temperature, String[] classNames) {
        static Input of(SoftmaxRequest request) {
            NumberArray logits = RequestChecks.required(request.logits(), "/logits");
            logits.requireRank(1, 2);
            Segments vector = logits.rank() == 1 ? logits.vector() : null;
            Matrix m = vector == null ? logits.matrix() : null;
            double temperature = RequestChecks.temperature(request.temperature(), "/temperature");
            return new Input(vector, m, temperature, RequestChecks.classNames(request.classNames(),
                    vector != null ? vector.length() : m.cols(), "/classNames"));
        }

        int rank() {
            return vector != null ? 1 : 2;
        }

        int size() {
            return vector != null ? vector.length() : logits.data().length;
        }

        Cost cost() {
            return vector != null ? Softmax.inPlaceCost(1, vector.length()) : Softmax.inPlaceCost(logits.rows(), logits.cols());
        }

        int[] argmax() {
            return vector != null ? new int[] {Softmax.argmax(vector)} : Softmax.argmax(logits);
        }
    }
}
