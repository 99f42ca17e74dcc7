package io.nnmath.compute;

import java.util.List;

/**
 * A dense feed-forward network: each layer computes {@code y = act(W x + b)} for every row of the
 * inputs, W [out][in]. The Iris network: two measurements in, one raw score per species out.
 */
public final class DenseNetwork {

    /** PyTorch's activations; softplus is {@code log(1 + e^x)}, taken as x above 20 (as F.softplus). */
    public enum Activation { IDENTITY, RELU, SOFTPLUS, SIGMOID, TANH }

    /** weight [out][in], bias [out] or null. */
    public record Layer(double[] weight, double[] bias, int in, int out, Activation activation) {
        public Layer {
            Shapes.requirePositive(in, "a dense layer's inputs");
            Shapes.requirePositive(out, "a dense layer's outputs");
            Shapes.require(weight, (long) in * out, () -> "a dense layer's weight [out = " + out + "][in = " + in + "]");
            Shapes.requireOptional(bias, out, () -> "a dense layer's bias [" + out + "]");
            Shapes.requireThat(activation != null, () -> "a dense layer needs an activation");
        }
    }

    private final Kernels kernels;

    private final long deadlineNanos;

    /** @param deadlineNanos how long one forward pass may take (checked before every layer) */
    public DenseNetwork(Kernels kernels, long deadlineNanos) {
        this.kernels = kernels;
        this.deadlineNanos = deadlineNanos;
    }

    /** Without a deadline. */
    public DenseNetwork(Kernels kernels) {
        this(kernels, Long.MAX_VALUE);
    }

    /** Every layer's outputs (rows x out) and their multiply-adds (rows x in x out). */
    public static Cost cost(List<Layer> layers, int rows) {
        Cost cost = Cost.NONE;
        for (Layer layer : layers) {
            long outputs = (long) rows * layer.out();
            cost = cost.plus(new Cost(Cost.doubleBytes(outputs), Math.multiplyExact(outputs, layer.in())));
        }
        return cost;
    }

    /** The last layer's outputs for every row of {@code inputs} [rows][in of layer 0]. */
    public Matrix forward(List<Layer> layers, Matrix inputs) {
        Shapes.requireThat(!layers.isEmpty(), () -> "a network needs a layer");
        int features = inputs.cols();
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k).in() != features) {
                throw new IllegalArgumentException("layer " + k + " takes " + layers.get(k).in() + " inputs, but "
                        + (k == 0 ? "the rows have " : "layer " + (k - 1) + " gives ") + features);
            }
            features = layers.get(k).out();
        }
        Matrix x = inputs;
        Deadline deadline = Deadline.in(deadlineNanos);
        for (Layer layer : layers) {
            deadline.check();
            double[] y = new double[x.rows() * layer.out()];
            Linear.fillRows(y, 0, x.rows(), layer.bias(), layer.out());
            Linear.mulAddABt(kernels, x.data(), 0, x.rows(), layer.weight(), 0, layer.out(), layer.in(), y, 0);
            activate(layer.activation(), y);
            x = new Matrix(x.rows(), layer.out(), y);
        }
        return x;
    }

    private void activate(Activation activation, double[] y) {
        switch (activation) {
            case IDENTITY -> { }
            case RELU -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.max(0, y[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = y[i] > 20 ? y[i] : Math.log1p(Math.exp(y[i]));
                }
            }
            case SIGMOID -> kernels.sigmoid(y, 0, y, 0, y.length);
            case TANH -> kernels.tanh(y, 0, y, 0, y.length);
        }
    }
}
