package io.nnmath.rnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.nnmath.oip.LayerInputs;
import io.nnmath.oip.OipInputs;
import io.nnmath.oip.OipModel;
import io.nnmath.oip.OipOutputs;
import io.nnmath.oip.OipTensor;
import io.nnmath.oip.OipTensorSpec;
import io.nnmath.problem.ProblemException;
import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.Tensor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code rnn_forward} and {@code rnn_backward} as Open Inference Protocol models, in PyTorch's
 * terms: a padded {@code input} {@code [T, B, I]} ({@code [B, T, I]} with {@code batch_first},
 * {@code [T, I]} for one sequence) with optional {@code lengths}, {@code h_0} and {@code c_0}
 * {@code [L, B, H]}, and each layer's state_dict names. Outputs are padded the same way, with
 * zeros past each sequence's length (as {@code pad_packed_sequence}).
 */
@Configuration(proxyBeanMethods = false)
class RnnModels {

    static final Set<String> PARAMETERS = Set.of("cell", "nonlinearity", "batch_first");

    static List<OipTensorSpec> forwardInputs() {
        return List.of(OipTensorSpec.real("input", -1, -1, -1), OipTensorSpec.int64("lengths", -1),
                OipTensorSpec.real("h_0", -1, -1, -1), OipTensorSpec.real("c_0", -1, -1, -1),
                OipTensorSpec.real("weight_ih_l{k}", -1, -1), OipTensorSpec.real("weight_hh_l{k}", -1, -1),
                OipTensorSpec.real("bias_ih_l{k}", -1), OipTensorSpec.real("bias_hh_l{k}", -1));
    }

    @Bean
    OipModel rnnForwardModel(RnnService service) {
        return OipModel.of("rnn_forward", forwardInputs(),
                List.of(OipTensorSpec.real("output", -1, -1, -1), OipTensorSpec.real("h_n", -1, -1, -1),
                        OipTensorSpec.real("c_n", -1, -1, -1)),
                PARAMETERS, in -> {
                Padded padded = Padded.of(in);
                RnnForwardResponse r = service.forward(new RnnForwardRequest(in.string("cell"),
                        in.string("nonlinearity"), layers(in), padded.ragged(), state(in, "h_0"), state(in, "c_0"),
                        null));
                int h = r.finalHidden().shape()[r.finalHidden().shape().length - 1];
                OipOutputs out = new OipOutputs().real("output", padded.pad(r.hiddenStates(), h), padded.shape(h))
                        .real("h_n", r.finalHidden().data(), shapeOf(r.finalHidden()));
                if (r.finalCell() != null) {
                    out.real("c_n", r.finalCell().data(), shapeOf(r.finalCell()));
                }
                return out;
            });
    }

    @Bean
    OipModel rnnBackwardModel(RnnService service) {
        List<OipTensorSpec> inputs = new ArrayList<>(forwardInputs());
        inputs.addAll(List.of(OipTensorSpec.real("output_weight", -1, -1), OipTensorSpec.real("output_bias", -1),
                OipTensorSpec.int64("targets", -1, -1)));
        Set<String> parameters = new java.util.HashSet<>(PARAMETERS);
        parameters.add("reduction");
        return OipModel.of("rnn_backward", inputs,
                List.of(OipTensorSpec.real("loss", 1), OipTensorSpec.real("hidden_gradient_norms", -1, -1),
                        OipTensorSpec.real("grad_weight_ih_l{k}", -1, -1), OipTensorSpec.real("grad_weight_hh_l{k}", -1, -1),
                        OipTensorSpec.real("grad_bias_ih_l{k}", -1), OipTensorSpec.real("grad_bias_hh_l{k}", -1),
                        OipTensorSpec.real("grad_output_weight", -1, -1), OipTensorSpec.real("grad_output_bias", -1),
                        OipTensorSpec.real("grad_input", -1, -1, -1), OipTensorSpec.real("grad_h_0", -1, -1, -1),
                        OipTensorSpec.real("grad_c_0", -1, -1, -1)),
                parameters, in -> {
                Padded padded = Padded.of(in);
                OipTensor bias = in.optional("output_bias");
                RnnOutput output = new RnnOutput(in.required("output_weight").numbers(),
                        bias == null ? null : bias.numbers(), null);
                RnnBackwardResponse r = service.backward(new RnnBackwardRequest(in.string("cell"),
                        in.string("nonlinearity"), layers(in), padded.ragged(), state(in, "h_0"), state(in, "c_0"),
                        output, padded.targets(in.required("targets")), in.string("reduction")));
                RnnBackwardResponse.Gradients g = r.gradients();
                OipOutputs out = new OipOutputs().real("loss", new double[] {r.loss()}, 1)
                        .real("hidden_gradient_norms", padded.pad(norms(r.hiddenGradientNorms()), 1), padded.shape());
                for (int k = 0; k < g.layers().size(); k++) {
                    RnnBackwardResponse.Layer layer = g.layers().get(k);
                    out.real("grad_weight_ih_l" + k, layer.weightIh().data(), shapeOf(layer.weightIh()))
                            .real("grad_weight_hh_l" + k, layer.weightHh().data(), shapeOf(layer.weightHh()))
                            .real("grad_bias_ih_l" + k, layer.biasIh().data(), shapeOf(layer.biasIh()))
                            .real("grad_bias_hh_l" + k, layer.biasHh().data(), shapeOf(layer.biasHh()));
                }
                out.real("grad_output_weight", g.output().weight().data(), shapeOf(g.output().weight()))
                        .real("grad_output_bias", g.output().bias().data(), shapeOf(g.output().bias()))
                        .real("grad_input", padded.pad(g.inputs(), padded.inputSize), padded.shape(padded.inputSize))
                        .real("grad_h_0", g.initialHidden().data(), shapeOf(g.initialHidden()));
                if (g.initialCell() != null) {
                    out.real("grad_c_0", g.initialCell().data(), shapeOf(g.initialCell()));
                }
                return out;
            });
    }

    /** Every layer's state_dict tensors, layer 0 first, as many layers as there are weight_ih_l{k}. */
    private static List<RnnLayer> layers(OipInputs in) {
        List<RnnLayer> layers = new ArrayList<>();
        for (int k = 0; in.optional("weight_ih_l" + k) != null; k++) {
            layers.add(new RnnLayer(in.required("weight_ih_l" + k).numbers(), in.required("weight_hh_l" + k).numbers(),
                    numbers(in.optional("bias_ih_l" + k)), numbers(in.optional("bias_hh_l" + k))));
        }
        if (layers.isEmpty()) {
            in.required("weight_ih_l0");
        }
        LayerInputs.requireConsecutive(in, layers.size(), "weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l");
        return layers;
    }

    private static NumberArray numbers(OipTensor t) {
        return t == null ? null : t.numbers();
    }

    private static NumberArray state(OipInputs in, String name) {
        OipTensor t = in.optional(name);
        return t == null ? null : t.numbers();
    }

    private static long[] shapeOf(Tensor t) {
        return OipOutputs.shape(t.shape());
    }

    @SuppressWarnings("unchecked")
    private static Object norms(Object norms) {
        if (norms instanceof double[] one) {
            return new Tensor(one, one.length, 1);
        }
        List<Tensor> out = new ArrayList<>();
        for (double[] n : (List<double[]>) norms) {
            out.add(new Tensor(n, n.length, 1));
        }
        return out;
    }

    /**
     * A padded input of B sequences of up to T steps ({@code [T, B, I]}, or {@code [B, T, I]} batch
     * first), or one sequence {@code [T, I]}, with the length of each.
     */
    record Padded(OipTensor input, boolean batched, boolean batchFirst, int steps, int batch, int inputSize,
                  int[] lengths) {

        static Padded of(OipInputs in) {
            OipTensor input = in.required("input");
            input.requireRank(2, 3);
            boolean batched = input.rank() == 3;
            boolean batchFirst = Boolean.TRUE.equals(in.bool("batch_first"));
            int[] s = input.shape();
            int steps = batched && batchFirst ? s[1] : s[0];
            int batch = batched ? (batchFirst ? s[0] : s[1]) : 1;
            int[] lengths = new int[batch];
            java.util.Arrays.fill(lengths, steps);
            OipTensor given = in.optional("lengths");
            if (given != null) {
                if (!batched) {
                    throw ProblemException.invalid(given.at(), "applies to a batch (input [T, B, I]) only");
                }
                given.requireIntegers();
                if (given.rank() != 1 || given.shape()[0] != batch) {
                    throw ProblemException.shape(given.at() + "/shape", "must be [" + batch + "]: one length per "
                            + "sequence of input");
                }
                for (int b = 0; b < batch; b++) {
                    double v = given.data()[b];
                    if (!(v >= 1 && v <= steps)) {
                        throw ProblemException.invalid(given.at() + "/data/" + b, "must be a length from 1 to "
                                + steps + " (the steps of input)");
                    }
                    lengths[b] = (int) v;
                }
            }
            return new Padded(input, batched, batchFirst, steps, batch, s[s.length - 1], lengths);
        }

        /** The row of step t of sequence b in the padded layout. */
        int row(int b, int t) {
            return batchFirst ? b * steps + t : t * batch + b;
        }

        /** The sequences as the JSON endpoints take them: [T][I] for one, [B][T_b][I] for a batch. */
        NumberArray ragged() {
            String at = input.at() + "/data";
            if (!batched) {
                return input.numbers();
            }
            int rows = java.util.Arrays.stream(lengths).sum();
            double[] data = new double[rows * inputSize];
            int[] rowLengths = new int[rows];
            java.util.Arrays.fill(rowLengths, inputSize);
            int r = 0;
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < lengths[b]; t++, r++) {
                    System.arraycopy(input.data(), row(b, t) * inputSize, data, r * inputSize, inputSize);
                }
            }
            return NumberArray.ragged(at, data, new int[][] {{batch}, lengths.clone(), rowLengths});
        }

        /** Targets padded like the input ([T, B], [B, T] batch first, [T] for one sequence), cut to each length. */
        IndexArray targets(OipTensor targets) {
            targets.requireIntegers();
            int[] wanted = !batched ? new int[] {steps} : batchFirst ? new int[] {batch, steps} : new int[] {steps, batch};
            if (!java.util.Arrays.equals(targets.shape(), wanted)) {
                throw ProblemException.shape(targets.at() + "/shape", "must be " + java.util.Arrays.toString(wanted)
                        + ": a class index per step of input");
            }
            if (!batched) {
                return targets.indices(steps);
            }
            int rows = java.util.Arrays.stream(lengths).sum();
            double[] data = new double[rows];
            int r = 0;
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < lengths[b]; t++) {
                    data[r++] = targets.data()[batchFirst ? b * steps + t : t * batch + b];
                }
            }
            return IndexArray.ragged(targets.at() + "/data", data, new int[][] {{batch}, lengths.clone()});
        }

        /** Per-sequence rows ([T_b][width] each, or one [T][width]) padded with zeros past each length. */
        @SuppressWarnings("unchecked")
        double[] pad(Object sequences, int width) {
            double[] out = new double[steps * batch * width];
            List<Tensor> each = sequences instanceof Tensor one ? List.of(one) : (List<Tensor>) sequences;
            for (int b = 0; b < each.size(); b++) {
                double[] d = each.get(b).data();
                for (int t = 0; t < lengths[b]; t++) {
                    System.arraycopy(d, t * width, out, row(b, t) * width, width);
                }
            }
            return out;
        }

        /** The padded shape with a last axis of {@code width}. */
        long[] shape(int width) {
            return !batched ? OipOutputs.shape(steps, width)
                    : batchFirst ? OipOutputs.shape(batch, steps, width) : OipOutputs.shape(steps, batch, width);
        }

        /** The padded shape of one number per step. */
        long[] shape() {
            return !batched ? OipOutputs.shape(steps)
                    : batchFirst ? OipOutputs.shape(batch, steps) : OipOutputs.shape(steps, batch);
        }
    }
}
