package io.nnmath.network;

import java.util.ArrayList;
import java.util.List;

import io.nnmath.compute.Cost;
import io.nnmath.compute.DenseNetwork;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Softmax;
import io.nnmath.problem.RequestChecks;
import io.nnmath.system.ComputeGate;
import io.nnmath.system.Operation;
import io.nnmath.system.Limits;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.PerRow;
import io.nnmath.tensor.Tensor;

import org.springframework.stereotype.Service;

/** The dense network: validate every layer against the one before, run it, answer like the request. */
@Service
class NetworkService {

    private final DenseNetwork network;
    private final Softmax softmax;
    private final ComputeGate gate;
    private final Limits limits;

    NetworkService(DenseNetwork network, Softmax softmax, ComputeGate gate, Limits limits) {
        this.network = network;
        this.softmax = softmax;
        this.gate = gate;
        this.limits = limits;
    }

    NetworkResponse forward(NetworkRequest request) {
        NumberArray inputs = RequestChecks.required(request.inputs(), "/inputs");
        Matrix x = inputs.matrix();
        int rank = inputs.rank();
        List<DenseNetwork.Layer> layers = layers(request.layers(), x.cols());
        long numbers = inputs.size() + layers.stream().mapToLong(l -> l.weight().length).sum();
        Cost cost = DenseNetwork.cost(layers, x.rows()).plus(Softmax.cost(x.rows(), layers.getLast().out()));
        Matrix y = gate.run(Operation.NETWORK_FORWARD, inputs, numbers, cost, () -> network.forward(layers, x));
        if (!Boolean.TRUE.equals(request.softmax())) {
            RequestChecks.classNames(request.classNames(), y.cols(), "/classNames");
            return new NetworkResponse(Tensor.of(y, rank), null, null, null);
        }
        String[] names = RequestChecks.classNames(request.classNames(), y.cols(), "/classNames");
        int[] argmax = Softmax.argmax(y);
        return new NetworkResponse(Tensor.of(y, rank), Tensor.of(softmax.softmax(y, 1), rank),
                PerRow.of(argmax, rank), PerRow.of(PerRow.names(argmax, names), rank));
    }

    /** Each layer's weight [out][in] must take the previous layer's outputs (the features for the first). */
    private List<DenseNetwork.Layer> layers(List<DenseLayer> layers, int features) {
        RequestChecks.layers(layers, limits.maxLayers());
        List<DenseNetwork.Layer> out = new ArrayList<>();
        int in = features;
        for (int k = 0; k < layers.size(); k++) {
            String at = "/layers/" + k;
            DenseLayer layer = layers.get(k);
            NumberArray w = RequestChecks.required(layer.weight(), at + "/weight");
            w.requireRank(2);
            int rows = w.shape()[0];
            w.requireShape("outputs x " + (k == 0 ? "the input features" : "the outputs of layer " + (k - 1)), rows, in);
            double[] bias = null;
            if (layer.bias() != null) {
                layer.bias().requireShape("one per row of " + at + "/weight", rows);
                bias = layer.bias().data();
            }
            DenseNetwork.Activation activation = RequestChecks.option(layer.activation(), at + "/activation",
                    DenseNetwork.Activation.IDENTITY);
            out.add(new DenseNetwork.Layer(w.data(), bias, in, rows,
                    activation));
            in = rows;
        }
        return out;
    }
}
