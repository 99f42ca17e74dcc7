package io.nnmath.rnn;

import java.util.ArrayList;
import java.util.List;

import io.nnmath.compute.Recurrent.Cell;
import io.nnmath.compute.Recurrent;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.RequestChecks;
import io.nnmath.system.Limits;
import io.nnmath.tensor.NumberArray;

/**
 * Validates a recurrent request once, with pointers, against PyTorch's shapes: every weight
 * against G, H and the layer below, the states against layers x batch x H, and the size limits
 * (sequence length, hidden size, layers) before anything is allocated; the compute gate holds the
 * work to its limit.
 */
final class RnnInputs {

    /** The validated request: the network, the sequences, and whether a batch (rank-3 inputs) was sent. */
    record Validated(Recurrent.Network network, Recurrent.Sequences sequences, boolean batch, long numbers) {
        int rows() {
            int rows = 0;
            for (int t : sequences.lengths()) {
                rows += t;
            }
            return rows;
        }
    }

    private RnnInputs() {
    }

    static Validated of(RnnFields f, Limits limits, boolean backward) {
        Cell cell = cell(f.cell(), f.nonlinearity());
        List<RnnLayer> layers = RequestChecks.layers(f.layers(), limits.maxLayers());
        NumberArray inputs = RequestChecks.required(f.inputs(), "/inputs");
        inputs.requireRank(2, 3);
        boolean batch = inputs.rank() == 3;
        int inputSize = inputs.uniformLength(inputs.rank() - 1);
        int[] lengths = lengths(inputs, batch, limits);
        int hidden = hiddenSize(cell, layers.getFirst(), limits);
        long numbers = inputs.size();
        List<Recurrent.Layer> net = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            net.add(layer(cell, layers.get(k), k, k == 0 ? inputSize : hidden, hidden));
            numbers += net.getLast().weightIh().length + net.getLast().weightHh().length;
        }
        Recurrent.Output output = output(f.output(), hidden, backward);
        int[] stateShape = batch ? new int[] {layers.size(), lengths.length, hidden} : new int[] {layers.size(), hidden};
        double[] h0 = state(f.initialHidden(), stateShape);
        if (f.initialCell() != null && cell != Cell.LSTM) {
            throw ProblemException.invalid("/initialCell", "applies to cell lstm only");
        }
        double[] c0 = state(f.initialCell(), stateShape);
        Recurrent.Network network = new Recurrent.Network(cell, hidden, net, output);
        return new Validated(network, new Recurrent.Sequences(inputs.data(), lengths, inputSize, h0, c0),
                batch, numbers);
    }

    private static Cell cell(String cell, String nonlinearity) {
        String name = RequestChecks.oneOf(cell, "/cell", "rnn", "lstm", "gru");
        if (!name.equals("rnn")) {
            if (nonlinearity != null) {
                throw ProblemException.invalid("/nonlinearity", "applies to cell rnn only (lstm and gru have fixed ones)");
            }
            return name.equals("lstm") ? Cell.LSTM : Cell.GRU;
        }
        return RequestChecks.oneOf(nonlinearity, "/nonlinearity", "tanh", "relu").equals("tanh")
                ? Cell.RNN_TANH : Cell.RNN_RELU;
    }

    /** T for one sequence, T_b for each of a batch; each within the limit. */
    private static int[] lengths(NumberArray inputs, boolean batch, Limits limits) {
        int[] lengths = new int[batch ? inputs.lengthAt(0, 0) : 1];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = batch ? inputs.lengthAt(1, b) : inputs.lengthAt(0, 0);
            if (lengths[b] > limits.maxSequenceLength()) {
                throw ProblemException.tooLarge("a sequence of /inputs has " + lengths[b] + " steps; the limit is "
                        + limits.maxSequenceLength() + " (nnmath.limits.max-sequence-length)");
            }
        }
        return lengths;
    }

    /** H, read off layer 0's weightHh [G*H][H]. */
    private static int hiddenSize(Cell cell, RnnLayer first, Limits limits) {
        NumberArray w = RequestChecks.required(first.weightHh(), "/layers/0/weightHh");
        w.requireRank(2);
        int hidden = w.uniformLength(1);
        if (hidden > limits.maxHiddenSize()) {
            throw ProblemException.tooLarge("the hidden size is " + hidden + "; the limit is "
                    + limits.maxHiddenSize() + " (nnmath.limits.max-hidden-size)");
        }
        return hidden;
    }

    private static Recurrent.Layer layer(Cell cell, RnnLayer layer, int k, int in, int hidden) {
        String at = "/layers/" + k;
        int gh = cell.gates() * hidden;
        String why = gh + " = " + cell.gates() + " gates x hidden size " + hidden;
        NumberArray wih = RequestChecks.required(layer.weightIh(), at + "/weightIh");
        wih.requireShape(why + " rows, " + (k == 0 ? "the input size" : "the hidden size") + " columns", gh, in);
        NumberArray whh = RequestChecks.required(layer.weightHh(), at + "/weightHh");
        whh.requireShape(why + " rows, the hidden size columns", gh, hidden);
        return new Recurrent.Layer(wih.data(), whh.data(), bias(layer.biasIh(), gh, why),
                bias(layer.biasHh(), gh, why), in);
    }

    private static double[] bias(NumberArray bias, int size, String why) {
        if (bias == null) {
            return null;
        }
        bias.requireShape(why, size);
        return bias.data();
    }

    private static Recurrent.Output output(RnnOutput output, int hidden, boolean backward) {
        if (output == null) {
            if (backward) {
                throw ProblemException.invalid("/output", "is required: the loss is the cross-entropy of its outputs");
            }
            return null;
        }
        RequestChecks.oneOf(output.activation(), "/output/activation", "none", "softmax");
        NumberArray w = RequestChecks.required(output.weight(), "/output/weight");
        w.requireRank(2);
        int size = w.shape()[0];
        w.requireShape("outputs x the hidden size " + hidden, size, hidden);
        double[] bias = null;
        if (output.bias() != null) {
            output.bias().requireShape("one per output row of /output/weight", size);
            bias = output.bias().data();
        }
        return new Recurrent.Output(w.data(), bias, size);
    }

    private static double[] state(NumberArray state, int[] shape) {
        if (state == null) {
            return null;
        }
        state.requireShape(shape.length == 3 ? "layers x sequences x hidden size" : "layers x hidden size", shape);
        return state.data();
    }
}
