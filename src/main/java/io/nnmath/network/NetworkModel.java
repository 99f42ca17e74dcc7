package io.nnmath.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.nnmath.oip.OipInputs;
import io.nnmath.oip.OipModel;
import io.nnmath.oip.OipOutputs;
import io.nnmath.oip.OipTensor;
import io.nnmath.oip.OipTensorSpec;

import org.springframework.stereotype.Component;

/**
 * {@code network_forward} as an Open Inference Protocol model: {@code input} {@code [N, F]} (or one
 * row {@code [F]}), per layer k {@code weight_l{k}} {@code [out, in]} and {@code bias_l{k}}, the
 * activations as parameters {@code activation_l{k}} and {@code softmax}; the raw scores
 * {@code outputs}, and with softmax the {@code probabilities} and {@code argmax}.
 */
@Component
class NetworkModel implements OipModel {

    private final NetworkService service;

    NetworkModel(NetworkService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "network_forward";
    }

    @Override
    public List<OipTensorSpec> inputs() {
        return List.of(OipTensorSpec.real("input", -1, -1), OipTensorSpec.real("weight_l{k}", -1, -1),
                OipTensorSpec.real("bias_l{k}", -1));
    }

    @Override
    public List<OipTensorSpec> outputs() {
        return List.of(OipTensorSpec.real("outputs", -1, -1), OipTensorSpec.real("probabilities", -1, -1),
                OipTensorSpec.int64("argmax", -1));
    }

    @Override
    public Set<String> parameters() {
        Set<String> names = new java.util.HashSet<>(Set.of("softmax"));
        for (int k = 0; k < 16; k++) {
            names.add("activation_l" + k);
        }
        return names;
    }

    @Override
    public OipOutputs infer(OipInputs in) {
        OipTensor input = in.required("input");
        List<DenseLayer> layers = new ArrayList<>();
        for (int k = 0; in.optional("weight_l" + k) != null; k++) {
            OipTensor bias = in.optional("bias_l" + k);
            layers.add(new DenseLayer(in.required("weight_l" + k).numbers(), bias == null ? null : bias.numbers(),
                    in.string("activation_l" + k)));
        }
        if (layers.isEmpty()) {
            in.required("weight_l0");
        }
        io.nnmath.oip.LayerInputs.requireConsecutive(in, layers.size(), "weight_l", "bias_l");
        NetworkResponse r = service.forward(new NetworkRequest(input.matrix(), layers, in.bool("softmax"), null));
        long[] shape = input.leading().clone();
        long[] outShape = java.util.Arrays.copyOf(input.rank() == 1 ? new long[0] : shape, input.rank());
        outShape[input.rank() - 1] = r.outputs().shape()[1];
        OipOutputs out = new OipOutputs().real("outputs", r.outputs().data(), outShape);
        if (r.probabilities() != null) {
            out.real("probabilities", r.probabilities().data(), outShape).indices("argmax", (int[]) r.argmax(),
                    input.leading());
        }
        return out;
    }
}
