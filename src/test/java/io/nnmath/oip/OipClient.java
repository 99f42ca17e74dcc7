package io.nnmath.oip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nnmath.TestHttp;
import io.nnmath.tensor.Tensor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small Open Inference Protocol client for the tests, written from the protocol: tensors go as
 * JSON data or as binary after the header, outputs come back either way, and both are decoded into
 * flat float64 arrays with their shapes.
 */
public final class OipClient {

    /** A tensor: datatype, shape and row-major values (indices as whole numbers). */
    public record Tensor(String datatype, long[] shape, double[] values) {
    }

    /** An answer: status, and the outputs by name (or the error body). */
    public record Answer(int status, Map<String, Tensor> outputs, JsonNode body, String contentType) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public OipClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /**
     * Runs {@code model} on {@code inputs} with {@code parameters}, asking for {@code outputs} (null:
     * the defaults); {@code binary} sends every input and asks every output as binary.
     */
    public Answer infer(String model, Map<String, Tensor> inputs, Map<String, Object> parameters, List<String> outputs,
                        boolean binary) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectNode header = header(inputs, parameters, outputs, binary, bytes);
        return post(model, TestHttp.JSON.writeValueAsBytes(header), binary ? bytes.toByteArray() : null);
    }

    /** The JSON header of a request; with {@code binary}, the inputs' bytes go to {@code bytes} instead. */
    public static ObjectNode header(Map<String, Tensor> inputs, Map<String, Object> parameters, List<String> outputs,
                                    boolean binary, ByteArrayOutputStream bytes) {
        ObjectNode header = TestHttp.JSON.createObjectNode();
        header.put("id", "test");
        if (parameters != null && !parameters.isEmpty()) {
            header.set("parameters", TestHttp.JSON.valueToTree(parameters));
        }
        ArrayNode in = header.putArray("inputs");
        for (var e : inputs.entrySet()) {
            ObjectNode t = in.addObject().put("name", e.getKey()).put("datatype", e.getValue().datatype());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            if (binary) {
                byte[] raw = encode(e.getValue());
                t.putObject("parameters").put("binary_data_size", raw.length);
                bytes.writeBytes(raw);
            } else {
                ArrayNode data = t.putArray("data");
                for (double v : e.getValue().values()) {
                    if (e.getValue().datatype().startsWith("INT")) {
                        data.add((long) v);
                    } else {
                        data.add(v);
                    }
                }
            }
        }
        if (outputs != null) {
            ArrayNode out = header.putArray("outputs");
            for (String name : outputs) {
                ObjectNode o = out.addObject().put("name", name);
                if (binary) {
                    o.putObject("parameters").put("binary_data", true);
                }
            }
        } else if (binary) {
            ObjectNode given = header.has("parameters") ? (ObjectNode) header.get("parameters")
                    : header.putObject("parameters");
            given.put("binary_data_output", true);
        }
        return header;
    }

    /** Posts a header (as JSON alone, or followed by {@code binary} bytes with its length announced). */
    public Answer post(String model, byte[] head, byte[] binary) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + model + "/infer"));
        if (binary != null) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(head);
            body.writeBytes(binary);
            request.header("Content-Type", "application/octet-stream")
                    .header("Inference-Header-Content-Length", Integer.toString(head.length))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(head));
        }
        return send(request);
    }

    public String base() {
        return base;
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return decode(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer decode(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        int headerLength = response.headers().firstValue("Inference-Header-Content-Length").map(Integer::parseInt)
                .orElse(body.length);
        JsonNode json = TestHttp.JSON.readTree(new String(body, 0, Math.min(headerLength, body.length),
                StandardCharsets.UTF_8));
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        if (response.statusCode() == 200) {
            int offset = headerLength;
            for (JsonNode o : json.path("outputs")) {
                long[] shape = new long[o.path("shape").size()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = o.path("shape").get(d).asLong();
                }
                String datatype = o.path("datatype").asString();
                double[] values;
                if (o.path("parameters").has("binary_data_size")) {
                    int size = o.path("parameters").path("binary_data_size").asInt();
                    values = decode(datatype, body, offset, size);
                    offset += size;
                } else {
                    List<Double> flat = new ArrayList<>();
                    flatten(o.path("data"), flat);
                    values = flat.stream().mapToDouble(Double::doubleValue).toArray();
                }
                outputs.put(o.path("name").asString(), new Tensor(datatype, shape, values));
            }
        }
        return new Answer(response.statusCode(), outputs, json, type);
    }

    static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else {
            out.add(node.asDouble());
        }
    }

    static byte[] encode(Tensor t) {
        int size = t.datatype().endsWith("32") ? 4 : 8;
        ByteBuffer buffer = ByteBuffer.allocate(t.values().length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : t.values()) {
            switch (t.datatype()) {
                case "FP64" -> buffer.putDouble(v);
                case "FP32" -> buffer.putFloat((float) v);
                case "INT64" -> buffer.putLong((long) v);
                case "INT32" -> buffer.putInt((int) v);
                default -> throw new IllegalArgumentException(t.datatype());
            }
        }
        return buffer.array();
    }

    static double[] decode(String datatype, byte[] body, int offset, int size) {
        ByteBuffer buffer = ByteBuffer.wrap(body, offset, size).order(ByteOrder.LITTLE_ENDIAN);
        int n = size / (datatype.endsWith("32") ? 4 : 8);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (datatype) {
                case "FP64" -> buffer.getDouble();
                case "FP32" -> buffer.getFloat();
                case "INT64" -> buffer.getLong();
                case "INT32" -> buffer.getInt();
                default -> throw new IllegalArgumentException(datatype);
            };
        }
        return out;
    }
}
