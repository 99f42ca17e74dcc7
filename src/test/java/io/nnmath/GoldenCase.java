package io.nnmath;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One reference case computed with PyTorch (float64): POST {@code request} to {@code endpoint};
 * the answer must hold every field of {@code expected}, numbers within
 * {@code absolute + relative * |expected|}, integers and strings exactly, arrays of equal length.
 */
public record GoldenCase(String file, String name, String endpoint, JsonNode request, JsonNode expected,
                         double absolute, double relative) {

    /** The reference files (copied from ../shared/golden), one per group of endpoints. */
    public static final List<String> FILES = List.of("softmax.json", "loss.json", "gradient.json", "rnn.json",
            "network.json");

    /** Every case of every file. */
    public static List<GoldenCase> all() {
        return FILES.stream().flatMap(file -> load(file).stream()).toList();
    }

    public static List<GoldenCase> load(String file) {
        try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/" + file)) {
            JsonNode root = TestHttp.JSON.readTree(in);
            double absolute = root.path("tolerance").path("absolute").asDouble();
            double relative = root.path("tolerance").path("relative").asDouble();
            List<GoldenCase> cases = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                cases.add(new GoldenCase(file, c.path("name").asString(), c.path("endpoint").asString(),
                        c.path("request"), c.path("expected"), absolute, relative));
            }
            return cases;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/" + file, e);
        }
    }

    /** Every difference between {@code expected} and {@code actual}, as "pointer: what"; empty when they match. */
    public List<String> mismatches(JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private void compare(String at, JsonNode want, JsonNode got, List<String> out) {
        if (got == null || got.isMissingNode()) {
            out.add(at + ": missing");
        } else if (want.isObject()) {
            for (var field : want.properties()) {
                compare(at + "/" + field.getKey(), field.getValue(), got.get(field.getKey()), out);
            }
        } else if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                out.add(at + ": expected an array of " + want.size() + ", got " + got);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(at + "/" + i, want.get(i), got.get(i), out);
            }
        } else if (want.isIntegralNumber() && got.isIntegralNumber()) {
            if (want.asLong() != got.asLong()) {
                out.add(at + ": expected " + want + ", got " + got);
            }
        } else if (want.isNumber() && Double.isNaN(want.asDouble())) {
            // PyTorch's autograd writes 0 * inf = NaN where p = 0 and the target weight t' = 0; the contract
            // (API.md, /gradient/cross-entropy) answers 0 there, and never a non-finite number.
            if (!got.isNumber() || got.asDouble() != 0) {
                out.add(at + ": expected 0 (API.md) where PyTorch gives NaN, got " + got);
            }
        } else if (want.isNumber()) {
            double w = want.asDouble();
            if (!got.isNumber() || !(Math.abs(got.asDouble() - w) <= absolute + relative * Math.abs(w))) {
                out.add(at + ": expected " + want + ", got " + got);
            }
        } else if (!want.equals(got)) {
            out.add(at + ": expected " + want + ", got " + got);
        }
    }

    @Override
    public String toString() {
        return file + ": " + name;
    }
}
