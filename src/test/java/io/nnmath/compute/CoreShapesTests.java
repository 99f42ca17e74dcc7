package io.nnmath.compute;

import java.util.List;

import io.nnmath.compute.Recurrent.Cell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core checks the shapes it relies on, as EJML does: a wrong call is an
 * IllegalArgumentException that names the shape, never an ArrayIndexOutOfBoundsException or
 * silently wrong numbers.
 */
class CoreShapesTests {

    final Kernels kernels = new ScalarKernels();

    static void refused(Executable call, String named) {
        assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    static double[] n(int length) {
        return new double[length];
    }

    @Test
    void recurrentNetworksCheckEveryWeightAgainstGatesHiddenAndTheLayerBelow() {
        // an LSTM of H = 2 on inputs of 2: G*H = 8 rows, weightIh [8][2], weightHh [8][2]
        Recurrent.Layer layer = new Recurrent.Layer(n(16), n(16), null, null, 2);
        new Recurrent.Network(Cell.LSTM, 2, List.of(layer), null);
        refused(() -> new Recurrent.Network(Cell.LSTM, 2, List.of(new Recurrent.Layer(n(16), n(15), null, null, 2)),
                null), "weightHh");
        refused(() -> new Recurrent.Network(Cell.LSTM, 2, List.of(new Recurrent.Layer(n(16), n(16), n(7), null, 2)),
                null), "biasIh");
        refused(() -> new Recurrent.Network(Cell.LSTM, 2, List.of(layer, new Recurrent.Layer(n(24), n(16), null, null,
                3)), null), "layer 1");
        refused(() -> new Recurrent.Network(Cell.GRU, 2, List.of(layer), null), "weightIh");
        refused(() -> new Recurrent.Network(Cell.LSTM, 2, List.of(layer), new Recurrent.Output(n(9), null, 3)),
                "output weight");
        refused(() -> new Recurrent.Layer(n(7), n(16), null, null, 2), "weightIh");
    }

    @Test
    void sequencesAndTargetsMustFitTheNetwork() {
        Recurrent.Network net = new Recurrent.Network(Cell.RNN_TANH, 2,
                List.of(new Recurrent.Layer(n(4), n(4), null, null, 2)), new Recurrent.Output(n(6), null, 3));
        refused(() -> new Recurrent.Sequences(n(9), new int[] {2, 3}, 2, null, null), "inputs");
        refused(() -> new Recurrent.Sequences(n(0), new int[] {0}, 2, null, null), "length of sequence 0");
        Recurrent recurrent = new Recurrent(kernels);
        Recurrent.Sequences wrongInput = new Recurrent.Sequences(n(15), new int[] {2, 3}, 3, null, null);
        refused(() -> recurrent.forward(net, wrongInput), "input size");
        Recurrent.Sequences seq = new Recurrent.Sequences(n(10), new int[] {2, 3}, 2, n(3), null);
        refused(() -> recurrent.forward(net, seq), "initial hidden");
        Recurrent.Sequences ok = new Recurrent.Sequences(n(10), new int[] {2, 3}, 2, null, null);
        refused(() -> recurrent.backward(net, ok, new int[4], CrossEntropy.Reduction.MEAN), "one target per step");
        refused(() -> recurrent.backward(net, ok, new int[] {0, 1, 2, 3, 0}, CrossEntropy.Reduction.SUM), "target");
        refused(() -> recurrent.backward(net, ok, new int[5], CrossEntropy.Reduction.NONE), "NONE");
    }

    @Test
    void crossEntropyChecksTargetsAndWeightsAgainstTheInput() {
        CrossEntropy ce = new CrossEntropy(kernels);
        Matrix z = new Matrix(2, 3, n(6));
        CrossEntropy.Options plain = new CrossEntropy.Options(null, 0, CrossEntropy.Reduction.MEAN);
        refused(() -> ce.fromLogits(z, new CrossEntropy.IndexTargets(new int[] {0}, null), plain, false),
                "one index target per row");
        refused(() -> ce.fromLogits(z, new CrossEntropy.IndexTargets(new int[] {0, 3}, null), plain, true),
                "from 0 to 2");
        refused(() -> ce.fromProbabilities(z, new CrossEntropy.SoftTargets(new Matrix(2, 2, n(4))), plain, false),
                "shape");
        refused(() -> ce.fromLogits(z, new CrossEntropy.IndexTargets(new int[] {0, 1}, null),
                new CrossEntropy.Options(n(2), 0, CrossEntropy.Reduction.SUM), false), "class weights");
        refused(() -> new CrossEntropy.Options(null, 1, CrossEntropy.Reduction.MEAN), "label smoothing");
    }

    @Test
    void denseNetworksCheckEachLayerAgainstTheOneBefore() {
        DenseNetwork network = new DenseNetwork(kernels);
        DenseNetwork.Layer first = new DenseNetwork.Layer(n(6), null, 2, 3, DenseNetwork.Activation.RELU);
        DenseNetwork.Layer wrong = new DenseNetwork.Layer(n(8), null, 4, 2, DenseNetwork.Activation.TANH);
        refused(() -> network.forward(List.of(first, wrong), new Matrix(1, 2, n(2))), "layer 1 takes 4");
        refused(() -> network.forward(List.of(first), new Matrix(1, 3, n(3))), "the rows have 3");
        refused(() -> new DenseNetwork.Layer(n(5), null, 2, 3, DenseNetwork.Activation.RELU), "weight");
        refused(() -> new DenseNetwork.Layer(n(6), n(2), 2, 3, DenseNetwork.Activation.RELU), "bias");
    }
}
