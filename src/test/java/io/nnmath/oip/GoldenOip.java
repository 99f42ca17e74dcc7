package io.nnmath.oip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nnmath.GoldenCase;
import io.nnmath.tensor.Tensor;

import tools.jackson.databind.JsonNode;

/**
 * A reference case of the JSON endpoints restated in the Open Inference Protocol's terms, from
 * API.md: the model, its inputs (reals as {@code real}, FP64 or FP32), parameters, and the
 * expected outputs, flattened row-major. Sequences become padded tensors: time-major, or batch
 * first when {@code batchFirst}, with zeros past each length.
 */
public record GoldenOip(GoldenCase source, String model, Map<String, OipClient.Tensor> inputs, Map<String, Object> parameters,
                 Map<String, double[]> expected) {

    /** float32 carries about 7 significant digits; inputs and outputs are each rounded once. */
    static final double FP32_ABSOLUTE = 1e-5;
    static final double FP32_RELATIVE = 1e-4;

    /**
     * What in {@code outputs} differs from the expected outputs: a missing one, a datatype other
     * than {@code real} (INT64 for indices), or a value beyond the case's tolerance (float32's, for FP32).
     */
    public List<String> mismatches(Map<String, OipClient.Tensor> outputs, String real) {
        boolean fp32 = real.equals("FP32");
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, double[]> want : expected.entrySet()) {
            OipClient.Tensor got = outputs.get(want.getKey());
            String datatype = want.getKey().equals("argmax") ? "INT64" : real;
            if (got == null || !got.datatype().equals(datatype)) {
                out.add(want.getKey() + ": " + (got == null ? "missing" : got.datatype() + ", not " + datatype));
                continue;
            }
            double absolute = fp32 ? FP32_ABSOLUTE : source.absolute();
            double relative = fp32 ? FP32_RELATIVE : source.relative();
            double[] w = want.getValue();
            double[] g = got.values();
            if (w.length != g.length) {
                out.add(want.getKey() + ": " + w.length + " values expected, " + g.length + " got");
                continue;
            }
            for (int i = 0; i < w.length; i++) {
                double x = Double.isNaN(w[i]) ? 0 : w[i]; // PyTorch's 0 * inf; the contract answers 0 (API.md)
                if (!(Math.abs(g[i] - x) <= absolute + relative * Math.abs(x))) {
                    out.add(want.getKey() + "[" + i + "]: expected " + w[i] + ", got " + g[i]);
                }
            }
        }
        return out;
    }

    public static GoldenOip of(GoldenCase c, String real, boolean batchFirst) {
        JsonNode q = c.request();
        JsonNode e = c.expected();
        Map<String, OipClient.Tensor> in = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        Map<String, double[]> x = new LinkedHashMap<>();
        String model = switch (c.endpoint()) {
            case "/softmax", "/log-softmax" -> {
                in.put("logits", tensor(real, q.path("logits")));
                number(q, "temperature", p, "temperature");
                String values = c.endpoint().equals("/softmax") ? "probabilities" : "log_probabilities";
                x.put(values, flat(e.path(c.endpoint().equals("/softmax") ? "probabilities" : "logProbabilities")));
                x.put("argmax", flat(e.path("argmax")));
                yield c.endpoint().equals("/softmax") ? "softmax" : "log_softmax";
            }
            case "/loss/cross-entropy", "/gradient/cross-entropy" -> {
                for (String name : new String[] {"logits", "probabilities"}) {
                    if (q.has(name)) {
                        in.put(name, tensor(real, q.path(name)));
                    }
                }
                targets(q, real, in);
                if (q.has("weights")) {
                    in.put("weight", tensor(real, q.path("weights")));
                }
                number(q, "labelSmoothing", p, "label_smoothing");
                if (q.has("ignoreIndex")) {
                    p.put("ignore_index", q.path("ignoreIndex").asInt());
                }
                string(q, "reduction", p, "reduction");
                copy(e, x, "losses", "loss", "gradient");
                yield "cross_entropy";
            }
            case "/loss/squared-error" -> {
                in.put("probabilities", tensor(real, q.path("probabilities")));
                targets(q, real, in);
                string(q, "reduction", p, "reduction");
                copy(e, x, "losses", "loss", "residuals");
                yield "squared_error";
            }
            case "/loss/compare" -> {
                in.put("probabilities", tensor(real, q.path("probabilities")));
                targets(q, real, in);
                copy(e, x, "crossEntropy", "squaredError", "crossEntropySlope", "squaredErrorSlope");
                yield "loss_compare";
            }
            case "/gradient/softmax" -> {
                in.put("logits", tensor(real, q.path("logits")));
                if (q.has("upstream")) {
                    in.put("upstream", tensor(real, q.path("upstream")));
                }
                number(q, "temperature", p, "temperature");
                copy(e, x, "probabilities", "jacobian", "vectorJacobianProduct");
                yield "softmax_gradient";
            }
            case "/network/forward" -> {
                in.put("input", tensor(real, q.path("inputs")));
                for (int k = 0; k < q.path("layers").size(); k++) {
                    JsonNode layer = q.path("layers").get(k);
                    in.put("weight_l" + k, tensor(real, layer.path("weight")));
                    if (layer.has("bias")) {
                        in.put("bias_l" + k, tensor(real, layer.path("bias")));
                    }
                    string(layer, "activation", p, "activation_l" + k);
                }
                if (q.has("softmax")) {
                    p.put("softmax", q.path("softmax").asBoolean());
                }
                copy(e, x, "outputs", "probabilities", "argmax");
                yield "network_forward";
            }
            case "/rnn/forward", "/rnn/backward" -> rnn(c, real, batchFirst, in, p, x);
            default -> throw new IllegalArgumentException("no OIP model for " + c.endpoint());
        };
        return new GoldenOip(c, model, in, p, x);
    }

    private static String rnn(GoldenCase c, String real, boolean batchFirst, Map<String, OipClient.Tensor> in,
                              Map<String, Object> p, Map<String, double[]> x) {
        JsonNode q = c.request();
        JsonNode e = c.expected();
        string(q, "cell", p, "cell");
        string(q, "nonlinearity", p, "nonlinearity");
        JsonNode inputs = q.path("inputs");
        boolean batch = depth(inputs) == 3;
        Padding pad = new Padding(inputs, batch, batch && batchFirst);
        if (pad.batchFirst) {
            p.put("batch_first", true);
        }
        in.put("input", new OipClient.Tensor(real, pad.shape(pad.width(inputs)), pad.pad(inputs)));
        if (batch) {
            in.put("lengths", new OipClient.Tensor("INT64", new long[] {pad.lengths.length},
                    java.util.Arrays.stream(pad.lengths).asDoubleStream().toArray()));
        }
        for (int k = 0; k < q.path("layers").size(); k++) {
            JsonNode layer = q.path("layers").get(k);
            for (String[] names : new String[][] {{"weightIh", "weight_ih_l"}, {"weightHh", "weight_hh_l"},
                    {"biasIh", "bias_ih_l"}, {"biasHh", "bias_hh_l"}}) {
                if (layer.has(names[0])) {
                    in.put(names[1] + k, tensor(real, layer.path(names[0])));
                }
            }
        }
        if (q.has("initialHidden")) {
            in.put("h_0", tensor(real, q.path("initialHidden")));
        }
        if (q.has("initialCell")) {
            in.put("c_0", tensor(real, q.path("initialCell")));
        }
        if (c.endpoint().equals("/rnn/forward")) {
            x.put("output", pad.pad(e.path("hiddenStates")));
            x.put("h_n", flat(e.path("finalHidden")));
            if (e.has("finalCell")) {
                x.put("c_n", flat(e.path("finalCell")));
            }
            return "rnn_forward";
        }
        in.put("output_weight", tensor(real, q.path("output").path("weight")));
        if (q.path("output").has("bias")) {
            in.put("output_bias", tensor(real, q.path("output").path("bias")));
        }
        in.put("targets", new OipClient.Tensor("INT64", pad.shape(0), pad.pad(q.path("targets"))));
        string(q, "reduction", p, "reduction");
        x.put("loss", new double[] {e.path("loss").asDouble()});
        x.put("hidden_gradient_norms", pad.pad(e.path("hiddenGradientNorms")));
        JsonNode g = e.path("gradients");
        for (int k = 0; k < g.path("layers").size(); k++) {
            JsonNode layer = g.path("layers").get(k);
            x.put("grad_weight_ih_l" + k, flat(layer.path("weightIh")));
            x.put("grad_weight_hh_l" + k, flat(layer.path("weightHh")));
            x.put("grad_bias_ih_l" + k, flat(layer.path("biasIh")));
            x.put("grad_bias_hh_l" + k, flat(layer.path("biasHh")));
        }
        x.put("grad_output_weight", flat(g.path("output").path("weight")));
        x.put("grad_output_bias", flat(g.path("output").path("bias")));
        x.put("grad_input", pad.pad(g.path("inputs")));
        x.put("grad_h_0", flat(g.path("initialHidden")));
        if (g.has("initialCell")) {
            x.put("grad_c_0", flat(g.path("initialCell")));
        }
        return "rnn_backward";
    }

    /** Ragged sequences ([T][w] for one, [B][T_b][w] for a batch) laid out padded, as PyTorch pads them. */
    static final class Padding {
        final int[] lengths;
        final int steps;
        final boolean batch;
        final boolean batchFirst;

        Padding(JsonNode sequences, boolean batch, boolean batchFirst) {
            this.batch = batch;
            this.batchFirst = batchFirst;
            if (batch) {
                lengths = new int[sequences.size()];
                for (int b = 0; b < lengths.length; b++) {
                    lengths[b] = sequences.get(b).size();
                }
            } else {
                lengths = new int[] {sequences.size()};
            }
            steps = java.util.Arrays.stream(lengths).max().orElse(0);
        }

        /** The width of each step's row (0 for one number a step). */
        int width(JsonNode sequences) {
            JsonNode first = batch ? sequences.get(0).get(0) : sequences.get(0);
            return first.isArray() ? first.size() : 0;
        }

        long[] shape(int width) {
            List<Long> s = new ArrayList<>();
            if (!batch) {
                s.add((long) steps);
            } else if (batchFirst) {
                s.add((long) lengths.length);
                s.add((long) steps);
            } else {
                s.add((long) steps);
                s.add((long) lengths.length);
            }
            if (width > 0) {
                s.add((long) width);
            }
            return s.stream().mapToLong(Long::longValue).toArray();
        }

        double[] pad(JsonNode sequences) {
            int width = Math.max(1, width(sequences));
            int batchSize = lengths.length;
            double[] out = new double[steps * batchSize * width];
            for (int b = 0; b < batchSize; b++) {
                JsonNode seq = batch ? sequences.get(b) : sequences;
                for (int t = 0; t < seq.size(); t++) {
                    int row = batchFirst ? b * steps + t : t * batchSize + b;
                    double[] values = flat(seq.get(t));
                    System.arraycopy(values, 0, out, row * width, width);
                }
            }
            return out;
        }
    }

    private static void targets(JsonNode q, String real, Map<String, OipClient.Tensor> in) {
        if (q.has("target")) {
            JsonNode t = q.path("target");
            double[] values = flat(t);
            in.put("target", new OipClient.Tensor("INT64", new long[] {values.length}, values));
        }
        if (q.has("targetProbabilities")) {
            in.put("target_probabilities", tensor(real, q.path("targetProbabilities")));
        }
    }

    private static void copy(JsonNode expected, Map<String, double[]> x, String... names) {
        for (String name : names) {
            if (expected.has(name)) {
                x.put(snake(name), flat(expected.path(name)));
            }
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static void number(JsonNode q, String field, Map<String, Object> p, String name) {
        if (q.has(field)) {
            p.put(name, q.path(field).asDouble());
        }
    }

    private static void string(JsonNode q, String field, Map<String, Object> p, String name) {
        if (q.has(field)) {
            p.put(name, q.path(field).asString());
        }
    }

    static OipClient.Tensor tensor(String datatype, JsonNode nested) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode n = nested; n.isArray(); n = n.get(0)) {
            shape.add((long) n.size());
        }
        return new OipClient.Tensor(datatype, shape.stream().mapToLong(Long::longValue).toArray(), flat(nested));
    }

    static int depth(JsonNode nested) {
        int d = 0;
        for (JsonNode n = nested; n.isArray(); n = n.get(0)) {
            d++;
        }
        return d;
    }

    static double[] flat(JsonNode node) {
        List<Double> out = new ArrayList<>();
        OipClient.flatten(node, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
