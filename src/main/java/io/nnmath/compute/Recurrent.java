package io.nnmath.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RNN (tanh or relu), LSTM and GRU over batches of variable-length sequences, with PyTorch's
 * weight layout ({@code W_ih [G*H][in]}, {@code W_hh [G*H][H]}, gate order LSTM i f g o, GRU r z n),
 * stacked layers and an optional output projection; and backpropagation through time for a
 * cross-entropy loss on the outputs of every step. The vanilla cell is
 * {@code h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)}. Sequences are packed time-major
 * ({@link Packing}): each layer projects every step's input in one product, then each step is one
 * product with W_hh over the sequences still running.
 */
public final class Recurrent {

    public enum Cell {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** G: how many H-sized blocks the weights stack. */
        public int gates() {
            return gates;
        }
    }

    /** One layer: weightIh [G*H][inputSize], weightHh [G*H][H], biases [G*H] (zeros when absent). */
    public record Layer(double[] weightIh, double[] weightHh, double[] biasIh, double[] biasHh, int inputSize) {
        public Layer {
            Shapes.requirePositive(inputSize, "a layer's input size");
            Shapes.requireThat(weightIh != null && weightIh.length > 0 && weightIh.length % inputSize == 0,
                    () -> "weightIh must be [G*H][inputSize = " + inputSize + "], not " + (weightIh == null ? "null"
                            : weightIh.length + " entries"));
            Shapes.requireThat(weightHh != null, () -> "weightHh is required");
        }

        /** G*H: the rows of the layer's weights. */
        int rows() {
            return weightIh.length / inputSize;
        }
    }

    /** y = W h + b at every step, on the last layer's hidden state: weight [size][H], bias [size] or null. */
    public record Output(double[] weight, double[] bias, int size) {
        public Output {
            Shapes.requirePositive(size, "the output size");
            Shapes.requireThat(weight != null && weight.length % size == 0, () -> "the output weight must be [size = "
                    + size + "][H]");
            Shapes.requireOptional(bias, size, () -> "the output bias [" + size + "]");
        }
    }

    /** Every layer's weights against G, H and the layer below; the output against H. */
    public record Network(Cell cell, int hidden, List<Layer> layers, Output output) {
        public Network {
            Shapes.requirePositive(hidden, "the hidden size H");
            Shapes.requireThat(cell != null && layers != null && !layers.isEmpty(), () -> "a network needs a cell and a layer");
            long gh = (long) cell.gates() * hidden;
            for (int k = 0; k < layers.size(); k++) {
                Layer layer = layers.get(k);
                int index = k;
                if (k > 0) {
                    Shapes.requireThat(layer.inputSize() == hidden, () -> "layer " + index + ": " + "takes the layer below, of input size H = "
                            + hidden + ", not " + layer.inputSize());
                }
                Shapes.require(layer.weightIh(), gh * layer.inputSize(), () -> "layer " + index + ": " + "weightIh [G*H = " + gh + "]["
                        + layer.inputSize() + "]");
                Shapes.require(layer.weightHh(), gh * hidden, () -> "layer " + index + ": " + "weightHh [G*H = " + gh + "][H = " + hidden + "]");
                Shapes.requireOptional(layer.biasIh(), gh, () -> "layer " + index + ": " + "biasIh [G*H = " + gh + "]");
                Shapes.requireOptional(layer.biasHh(), gh, () -> "layer " + index + ": " + "biasHh [G*H = " + gh + "]");
            }
            if (output != null) {
                Shapes.require(output.weight(), (long) output.size() * hidden, () -> "the output weight [" + output.size()
                        + "][H = " + hidden + "]");
            }
        }
    }

    /**
     * Sequences one after the other: inputs [sum T_b][inputSize]; initial states [layers][B][H], or
     * null for zeros.
     */
    public record Sequences(double[] inputs, int[] lengths, int inputSize, double[] initialHidden,
                            double[] initialCell) {
        public Sequences {
            Shapes.requirePositive(inputSize, "the input size");
            Shapes.requireThat(lengths != null && lengths.length > 0, () -> "there must be at least one sequence");
            long rows = 0;
            for (int b = 0; b < lengths.length; b++) {
                if (lengths[b] <= 0) {
                    throw new IllegalArgumentException("the length of sequence " + b + " must be positive, not "
                            + lengths[b]);
                }
                rows += lengths[b];
            }
            long steps = rows;
            Shapes.require(inputs, steps * inputSize, () -> "the inputs [sum T_b = " + steps + "][" + inputSize + "]");
        }

        /** For the entry points: the initial states are [layers][B][H] or absent, the input size layer 0's. */
        void requireStates(Network net) {
            long size = (long) net.layers().size() * lengths.length * net.hidden();
            Shapes.requireOptional(initialHidden, size, () -> "the initial hidden states [layers][B][H]");
            Shapes.requireOptional(initialCell, size, () -> "the initial cell states [layers][B][H]");
            Shapes.requireThat(initialCell == null || net.cell() == Cell.LSTM, () -> "initial cell states are for an LSTM");
            Shapes.requireThat(net.layers().getFirst().inputSize() == inputSize, () -> "layer 0 takes input size "
                    + net.layers().getFirst().inputSize() + ", the sequences have " + inputSize);
        }
    }

    /** Hidden states [sum T_b][H] (last layer), final states [layers][B][H], outputs [sum T_b][O] or null. */
    public record Forward(double[] hiddenStates, double[] finalHidden, double[] finalCell, double[] outputs) {
    }

    public record LayerGradients(double[] weightIh, double[] weightHh, double[] biasIh, double[] biasHh) {
    }

    /** Gradients in the layouts of the parameters; hiddenGradientNorms [sum T_b]: |dLoss/dh_t| of the last layer. */
    public record Backward(double loss, List<LayerGradients> layers, double[] outputWeight, double[] outputBias,
                           double[] inputs, double[] initialHidden, double[] initialCell,
                           double[] hiddenGradientNorms) {
    }

    /** A hidden or cell state stopped being finite (e.g. a relu network exploding). */
    public static final class NonFiniteStateException extends ArithmeticException {
        private final int sequence;
        private final int step;
        private final int layer;

        NonFiniteStateException(int sequence, int step, int layer) {
            super("the state of layer " + layer + " is not finite at step " + step + " of sequence " + sequence);
            this.sequence = sequence;
            this.step = step;
            this.layer = layer;
        }

        public int sequence() {
            return sequence;
        }

        public int step() {
            return step;
        }

        public int layer() {
            return layer;
        }
    }

    private final Kernels kernels;
    private final RecurrentCells cells;
    private final long deadlineNanos;

    /** @param deadlineNanos how long one forward or backward pass may take (checked every step) */
    public Recurrent(Kernels kernels, long deadlineNanos) {
        this.kernels = kernels;
        this.cells = new RecurrentCells(kernels);
        this.deadlineNanos = deadlineNanos;
    }

    /** Without a deadline. */
    public Recurrent(Kernels kernels) {
        this(kernels, Long.MAX_VALUE);
    }

    /** Multiply-adds of a forward pass over {@code rows} steps in all. */
    public static long forwardWork(Network net, long rows) {
        long work = 0;
        long gh = (long) net.cell().gates() * net.hidden();
        for (Layer layer : net.layers()) {
            work += rows * gh * (layer.inputSize() + net.hidden());
        }
        return work + (net.output() == null ? 0 : rows * net.output().size() * net.hidden());
    }

    /** Multiply-adds of a backward pass, the forward pass it needs included (about three forward passes). */
    public static long backwardWork(Network net, long rows) {
        return 3 * forwardWork(net, rows);
    }

    /**
     * A forward pass over {@code rows} steps of {@code batch} sequences: every layer's trace, the
     * packed input, the outputs (twice: packed and in request order, and their softmax) and the
     * final states.
     */
    public static Cost forwardCost(Network net, long rows, int batch) {
        int h = net.hidden();
        long outputs = net.output() == null ? 0 : rows * net.output().size();
        long doubles = traceDoubles(net, rows, batch) + 2 * rows * net.layers().getFirst().inputSize()
                + 3 * rows * h + 3 * outputs + 2L * net.layers().size() * batch * h;
        return new Cost(Cost.doubleBytes(doubles), forwardWork(net, rows));
    }

    /**
     * Backpropagation through time: the forward traces, then per layer the gradients of its
     * pre-activations, weights and input, and the output layer's logits and gradients.
     */
    public static Cost backwardCost(Network net, long rows, int batch) {
        int h = net.hidden();
        long gh = (long) net.cell().gates() * h;
        int o = net.output().size();
        long doubles = traceDoubles(net, rows, batch) + 4 * rows * o + 4 * rows + 2L * o * (h + 1) + rows * h
                + 4L * net.layers().size() * batch * h + 2 * rows * net.layers().getFirst().inputSize();
        for (Layer layer : net.layers()) {
            doubles += rows * gh + batch * gh + 5L * batch * h + gh * (h + layer.inputSize() + 2)
                    + 2 * rows * layer.inputSize();
        }
        return new Cost(Cost.doubleBytes(doubles), backwardWork(net, rows));
    }

    /** What every layer keeps for backpropagation, and its projections of the input. */
    private static long traceDoubles(Network net, long rows, int batch) {
        long h = net.hidden();
        long g = net.cell().gates();
        long perRow = h * (2 + 2 * g);
        return net.layers().size() * (rows * perRow + batch * h * (g + 4) + h);
    }

    public Forward forward(Network net, Sequences seq) {
        seq.requireStates(net);
        Packing pk = new Packing(seq.lengths());
        List<RecurrentCells.Trace> traces = run(net, seq, pk, Deadline.in(deadlineNanos));
        RecurrentCells.Trace top = traces.getLast();
        double[] outputs = null;
        if (net.output() != null) {
            outputs = pk.unpack(project(net.output(), top.h, pk.rows, net.hidden()), net.output().size());
        }
        return new Forward(pk.unpack(top.h, net.hidden()), finalStates(traces, pk, net.hidden(), false),
                net.cell() == Cell.LSTM ? finalStates(traces, pk, net.hidden(), true) : null, outputs);
    }

    /**
     * Loss = cross-entropy of the outputs (as logits) against {@code targets} [sum T_b], the mean over
     * all steps or the sum; gradients of every parameter, the inputs and the initial states.
     */
    public Backward backward(Network net, Sequences seq, int[] targets, CrossEntropy.Reduction reduction) {
        if (reduction == CrossEntropy.Reduction.NONE) {
            throw new IllegalArgumentException("backpropagation needs one loss: reduction MEAN or SUM, not NONE");
        }
        seq.requireStates(net);
        Shapes.requireThat(net.output() != null, () -> "backpropagation needs an output layer: the loss is on its outputs");
        int steps = java.util.Arrays.stream(seq.lengths()).sum();
        Shapes.requireThat(targets != null && targets.length == steps, () -> "one target per step: " + steps + ", not "
                + (targets == null ? "none" : targets.length));
        for (int t : targets) {
            if (t < 0 || t >= net.output().size()) {
                throw new IllegalArgumentException("a target must be a class from 0 to " + (net.output().size() - 1)
                        + ", not " + t);
            }
        }
        Packing pk = new Packing(seq.lengths());
        int h = net.hidden();
        int n = pk.rows;
        Output out = net.output();
        Deadline deadline = Deadline.in(deadlineNanos);
        List<RecurrentCells.Trace> traces = run(net, seq, pk, deadline);
        double[] top = traces.getLast().h;
        double[] logits = project(out, top, n, h);
        int[] packedTargets = packTargets(targets, pk);
        CrossEntropy.Result ce = new CrossEntropy(kernels).fromLogits(new Matrix(n, out.size(), logits),
                new CrossEntropy.IndexTargets(packedTargets, null),
                new CrossEntropy.Options(null, 0, reduction), true);
        double[] dLogits = ce.gradient().data();
        double[] dOutWeight = new double[out.size() * h];
        double[] dOutBias = new double[out.size()];
        Linear.mulAddAtB(kernels, dLogits, 0, n, out.size(), top, 0, h, dOutWeight, 0);
        Linear.addColumnSums(kernels, dLogits, 0, n, out.size(), dOutBias);
        double[] dAbove = new double[n * h];
        Linear.mulAddAB(kernels, dLogits, 0, n, out.weight(), 0, out.size(), h, dAbove, 0);

        int layers = net.layers().size();
        LayerGradients[] grads = new LayerGradients[layers];
        double[] dh0 = new double[layers * pk.batch() * h];
        double[] dc0 = net.cell() == Cell.LSTM ? new double[dh0.length] : null;
        double[] norms = new double[n];
        for (int k = layers - 1; k >= 0; k--) {
            RecurrentCells.LayerBackward b = cells.backward(net.cell(), net.layers().get(k), h, pk, traces.get(k),
                    dAbove, k == layers - 1 ? norms : null, deadline);
            grads[k] = b.gradients();
            System.arraycopy(pk.sortStates(b.dh0(), h, false), 0, dh0, k * pk.batch() * h, pk.batch() * h);
            if (dc0 != null) {
                System.arraycopy(pk.sortStates(b.dc0(), h, false), 0, dc0, k * pk.batch() * h, pk.batch() * h);
            }
            dAbove = b.dInput();
        }
        Backward result = new Backward(ce.loss(), List.of(grads), dOutWeight, dOutBias,
                pk.unpack(dAbove, seq.inputSize()), dh0, dc0, pk.unpack(norms, 1));
        return result;
    }

    /** Runs every layer forward, keeping what backpropagation needs. */
    private List<RecurrentCells.Trace> run(Network net, Sequences seq, Packing pk, Deadline deadline) {
        int h = net.hidden();
        int stateSize = pk.batch() * h;
        List<RecurrentCells.Trace> traces = new ArrayList<>();
        double[] input = pk.pack(seq.inputs(), seq.inputSize());
        for (int k = 0; k < net.layers().size(); k++) {
            double[] h0 = initialState(seq.initialHidden(), k, stateSize, pk, h);
            double[] c0 = net.cell() == Cell.LSTM ? initialState(seq.initialCell(), k, stateSize, pk, h) : null;
            RecurrentCells.Trace trace = cells.forward(net.cell(), net.layers().get(k), h, pk, input, h0, c0, k,
                    deadline);
            traces.add(trace);
            input = trace.h;
        }
        return traces;
    }

    private static double[] initialState(double[] states, int layer, int size, Packing pk, int h) {
        if (states == null) {
            return new double[size];
        }
        return pk.sortStates(Arrays.copyOfRange(states, layer * size, (layer + 1) * size), h, true);
    }

    /** y = W h + b for every packed row. */
    private double[] project(Output out, double[] hidden, int rows, int h) {
        double[] y = new double[rows * out.size()];
        Linear.fillRows(y, 0, rows, out.bias(), out.size());
        Linear.mulAddABt(kernels, hidden, 0, rows, out.weight(), 0, out.size(), h, y, 0);
        return y;
    }

    /** The state of every layer at each sequence's own last step: [layers][B][H] in request order. */
    private static double[] finalStates(List<RecurrentCells.Trace> traces, Packing pk, int h, boolean cell) {
        double[] out = new double[traces.size() * pk.batch() * h];
        for (int k = 0; k < traces.size(); k++) {
            double[] states = cell ? traces.get(k).c : traces.get(k).h;
            for (int s = 0; s < pk.batch(); s++) {
                int row = pk.row(s, pk.lengths[s] - 1);
                System.arraycopy(states, row * h, out, (k * pk.batch() + pk.order[s]) * h, h);
            }
        }
        return out;
    }

    private static int[] packTargets(int[] targets, Packing pk) {
        int[] packed = new int[pk.rows];
        for (int s = 0; s < pk.batch(); s++) {
            for (int t = 0; t < pk.lengths[s]; t++) {
                packed[pk.row(s, t)] = targets[pk.requestOffset[pk.order[s]] + t];
            }
        }
        return packed;
    }
}
