package io.nnmath.oip;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.TestHttp;
import io.nnmath.tensor.Tensor;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static io.nnmath.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad inference request gets a pointed answer and no 5xx: the status, the problem type, the
 * OIP error member (the same text as detail) and a JSON Pointer into the request header. Also the
 * metadata, health and the protocol tag of the meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OipProblemTests {

    static final String LOGITS = "{\"name\": \"logits\", \"shape\": [2, 3], \"datatype\": \"FP64\", "
            + "\"data\": [1.43, -0.4, 0.23, 1, 2, 3]}";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    TestHttp http() {
        return new TestHttp(port);
    }

    /** Posts an inference request (JSON) and asserts the problem, its OIP error member and pointer. */
    JsonNode rejects(String model, String body, int status, String type, String pointer) {
        TestHttp.Answer answer = http().post("/v2/models/" + model + "/infer", body);
        JsonNode problem = problem(answer, status, type);
        assertThat(problem.path("error").asString()).isEqualTo(problem.path("detail").asString());
        if (pointer != null) {
            assertThat(problem.path("errors").get(0).path("pointer").asString()).isEqualTo(pointer);
        }
        return problem;
    }

    @Test
    void unknownModelsAreA404ListingTheModels() {
        assertThat(rejects("nope", "{\"inputs\": [" + LOGITS + "]}", 404, "not-found", null).path("detail")
                .asString()).contains("softmax", "rnn_forward");
        problem(http().send(HttpRequest.newBuilder(http().uri("/v2/models/nope")).GET()), 404, "not-found");
        problem(http().send(HttpRequest.newBuilder(http().uri("/v2/models/softmax/versions/2")).GET()), 404,
                "not-found");
    }

    @Test
    void unknownDuplicateAndMissingNamesAre400s() {
        rejects("softmax", "{\"inputs\": [{\"name\": \"scores\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}, "
                + LOGITS + "]}", 400, "bad-request", "/inputs/0/name");
        rejects("softmax", "{\"inputs\": [" + LOGITS + ", " + LOGITS + "]}", 400, "bad-request", "/inputs/1/name");
        rejects("cross_entropy", "{\"inputs\": [" + LOGITS + "]}", 400, "bad-request", "/inputs");
        rejects("softmax", "{\"inputs\": [" + LOGITS + "], \"outputs\": [{\"name\": \"loss\"}]}", 400, "bad-request",
                "/outputs/0/name");
        rejects("softmax", "{\"inputs\": []}", 400, "bad-request", "/inputs");
    }

    @Test
    void anOutputOfTheModelThatTheRequestDoesNotGiveIsA400NotADroppedOutput() {
        // the vector-Jacobian product needs an upstream input, c_n an LSTM, argmax a softmax
        assertThat(rejects("softmax_gradient", "{\"inputs\": [" + LOGITS + "], \"outputs\": [{\"name\": \"jacobian\"}, "
                + "{\"name\": \"vector_jacobian_product\"}]}", 400, "bad-request", "/outputs/1/name").path("detail")
                .asString()).contains("vector_jacobian_product", "does not give", "[probabilities, jacobian]");
        rejects("rnn_forward", "{\"parameters\": {\"cell\": \"gru\"}, \"inputs\": ["
                + "{\"name\": \"input\", \"shape\": [1, 1, 1], \"datatype\": \"FP64\", \"data\": [0.5]}, "
                + "{\"name\": \"weight_ih_l0\", \"shape\": [3, 1], \"datatype\": \"FP64\", \"data\": [1, 2, 3]}, "
                + "{\"name\": \"weight_hh_l0\", \"shape\": [3, 1], \"datatype\": \"FP64\", \"data\": [1, 2, 3]}], "
                + "\"outputs\": [{\"name\": \"h_n\"}, {\"name\": \"c_n\"}]}", 400, "bad-request", "/outputs/1/name");
    }

    @Test
    void wrongDatatypesAndShapesAre400s() {
        rejects("softmax", LOGITS_WITH("\"datatype\": \"BYTES\""), 400, "wrong-type", "/inputs/0/datatype");
        rejects("softmax", LOGITS_WITH("\"datatype\": \"INT64\""), 400, "wrong-type", "/inputs/0/data/0");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [3], \"datatype\": \"INT32\", "
                + "\"data\": [1, 2, 3]}]}", 400, "wrong-type", "/inputs/0/datatype");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2], \"datatype\": \"FP32\", "
                + "\"data\": [1, 1e39]}]}", 422, "invalid-value", "/inputs/0/data/1");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2, 2], \"datatype\": \"FP64\", "
                + "\"data\": [1, 2, 3]}]}", 400, "bad-request", "/inputs/0/data");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [-1, 3], \"datatype\": \"FP64\", "
                + "\"data\": [1, 2, 3]}]}", 400, "bad-request", "/inputs/0/shape/0");
        rejects("cross_entropy", "{\"inputs\": [" + LOGITS + ", {\"name\": \"target\", \"shape\": [2], "
                + "\"datatype\": \"INT64\", \"data\": [0, 1.5]}]}", 400, "wrong-type", "/inputs/1/data/1");
        rejects("cross_entropy", "{\"inputs\": [" + LOGITS + ", {\"name\": \"target\", \"shape\": [2], "
                + "\"datatype\": \"FP64\", \"data\": [0, 1]}]}", 400, "wrong-type", "/inputs/1/datatype");
    }

    @Test
    void shapesThatDoNotMeanWhatTheModelsTakeAre400s() {
        // nested data that does not nest as its shape (flat data is row-major, whatever the shape)
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 3], \"datatype\": \"FP64\", "
                + "\"data\": [[1, 2], [3]]}]}", 400, "bad-request", "/inputs/0/data");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2, 2], \"datatype\": \"FP64\", "
                + "\"data\": [[1], [2], [3], [4]]}]}", 400, "bad-request", "/inputs/0/data");
        assertThat(http().post("/v2/models/softmax/infer", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2, 2], "
                + "\"datatype\": \"FP64\", \"data\": [[1, 2], [3, 4]]}]}").status()).isEqualTo(200);
        // a loss takes [N, C] or one row: PyTorch's [N, C, d] has its classes on axis 1
        rejects("cross_entropy", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2, 2, 2], \"datatype\": \"FP64\", "
                + "\"data\": [1, 2, 3, 4, 5, 6, 7, 8]}, {\"name\": \"target\", \"shape\": [4], \"datatype\": \"INT64\", "
                + "\"data\": [0, 1, 0, 1]}]}", 400, "bad-request", "/inputs/0/shape");
        rejects("cross_entropy", "{\"inputs\": [" + LOGITS + ", {\"name\": \"target\", \"shape\": [1, 2], "
                + "\"datatype\": \"INT64\", \"data\": [0, 1]}]}", 400, "bad-request", "/inputs/1/shape");
        rejects("squared_error", "{\"inputs\": [{\"name\": \"probabilities\", \"shape\": [1, 1, 2], "
                + "\"datatype\": \"FP64\", \"data\": [0.5, 0.5]}, {\"name\": \"target\", \"shape\": [1], "
                + "\"datatype\": \"INT64\", \"data\": [0]}]}", 400, "bad-request", "/inputs/0/shape");
        // the upstream gradient has the shape of the logits
        rejects("softmax_gradient", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 2], \"datatype\": \"FP64\", "
                + "\"data\": [1, 2]}, {\"name\": \"upstream\", \"shape\": [2], \"datatype\": \"FP64\", "
                + "\"data\": [1, 0]}]}", 400, "bad-request", "/inputs/1/shape");
    }

    private static String LOGITS_WITH(String datatype) {
        return "{\"inputs\": [" + LOGITS.replace("\"datatype\": \"FP64\"", datatype) + "]}";
    }

    @Test
    void parametersOfTheWrongTypeOrUnknownAre400s() {
        rejects("softmax", "{\"parameters\": {\"temperature\": \"hot\"}, \"inputs\": [" + LOGITS + "]}", 400,
                "wrong-type", "/parameters/temperature");
        rejects("softmax", "{\"parameters\": {\"temprature\": 2}, \"inputs\": [" + LOGITS + "]}", 400,
                "wrong-type", "/parameters/temprature");
        rejects("cross_entropy", "{\"parameters\": {\"ignore_index\": 1.5}, \"inputs\": [" + LOGITS
                + ", {\"name\": \"target\", \"shape\": [2], \"datatype\": \"INT64\", \"data\": [0, 1]}]}", 400,
                "wrong-type", "/parameters/ignore_index");
    }

    @Test
    void invalidValuesAre422sFromTheCapabilitysOwnChecks() {
        rejects("softmax", "{\"parameters\": {\"temperature\": 0}, \"inputs\": [" + LOGITS + "]}", 422,
                "invalid-value", "/parameters/temperature");
        rejects("rnn_forward", "{\"parameters\": {\"cell\": \"rnn\"}, \"inputs\": [{\"name\": \"input\", "
                + "\"shape\": [2, 1], \"datatype\": \"FP64\", \"data\": [1, 2]}, {\"name\": \"weight_ih_l0\", "
                + "\"shape\": [1, 1], \"datatype\": \"FP64\", \"data\": [0.5]}, {\"name\": \"weight_hh_l0\", "
                + "\"shape\": [1, 1], \"datatype\": \"FP64\", \"data\": [0.1]}, {\"name\": \"c_0\", "
                + "\"shape\": [1, 1], \"datatype\": \"FP64\", \"data\": [0]}]}", 422, "invalid-value", "/inputs/3");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [0, 3], \"datatype\": \"FP64\", "
                + "\"data\": []}]}", 422, "shape-mismatch", "/inputs/0/data");
        rejects("cross_entropy", "{\"inputs\": [" + LOGITS + ", {\"name\": \"target\", \"shape\": [2], "
                + "\"datatype\": \"INT64\", \"data\": [0, 7]}]}", 422, "invalid-value", "/inputs/1/data/1");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2], \"datatype\": \"FP64\", "
                + "\"data\": [1, 1e400]}]}", 422, "invalid-value", "/inputs/0/data/1");
    }

    @Test
    void parametersMayComeWithTheInputsOnceEach() {
        TestHttp.Answer answer = http().post("/v2/models/softmax/infer", "{\"inputs\": [{\"name\": \"logits\", "
                + "\"shape\": [2], \"datatype\": \"FP64\", \"data\": [0, 1], \"parameters\": {\"temperature\": 1e300}}]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("outputs").get(0).path("data").get(0).asDouble()).isEqualTo(0.5);
        rejects("softmax", "{\"parameters\": {\"temperature\": 2}, \"inputs\": [{\"name\": \"logits\", \"shape\": [2], "
                + "\"datatype\": \"FP64\", \"data\": [0, 1], \"parameters\": {\"temperature\": 3}}]}", 400, "bad-request",
                "/inputs/0/parameters/temperature");
        rejects("softmax", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [2], \"datatype\": \"FP64\", "
                + "\"data\": [0, 1], \"parameters\": {\"bogus\": 1}}]}", 400, "wrong-type", "/inputs/0/parameters/bogus");
    }

    @Test
    void anEmptyBinaryTensorIsA422NotA500() {
        TestHttp.Answer answer = binary("softmax", ("{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 0], "
                + "\"datatype\": \"FP64\", \"parameters\": {\"binary_data_size\": 0}}]}").getBytes(), new byte[0], null);
        assertThat(problem(answer, 422, "shape-mismatch").path("errors").get(0).path("pointer").asString())
                .isEqualTo("/inputs/0/shape");
    }

    @Test
    void aHeaderThatIsNotJsonIsA400() {
        TestHttp.Answer answer = binary("softmax", "{\"inputs\": [".getBytes(StandardCharsets.UTF_8), new byte[0], null);
        assertThat(problem(answer, 400, "malformed-json").path("error").asString()).isNotBlank();
    }

    @Test
    void binarySizesThatDoNotAddUpAre400s() {
        String header = "{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 3], \"datatype\": \"FP64\", "
                + "\"parameters\": {\"binary_data_size\": SIZE}}]}";
        byte[] three = doubles(1.43, -0.4, 0.23);
        // binary_data_size that is not the shape's
        pointsAt(binary("softmax", header.replace("SIZE", "16").getBytes(), three, null), 400,
                "/inputs/0/parameters/binary_data_size");
        // the body ends before the binary data does
        pointsAt(binary("softmax", header.replace("SIZE", "24").getBytes(), doubles(1.43, -0.4), null), 400,
                "/inputs/0/parameters/binary_data_size");
        // bytes left over after the binary tensors
        pointsAt(binary("softmax", header.replace("SIZE", "24").getBytes(), doubles(1.43, -0.4, 0.23, 9), null), 400,
                "");
        // an Inference-Header-Content-Length beyond the body
        byte[] head = header.replace("SIZE", "24").getBytes();
        TestHttp.Answer beyond = binary("softmax", head, three, head.length + three.length + 10L);
        assertThat(problem(beyond, 400, "bad-request").path("detail").asString())
                .contains("Inference-Header-Content-Length");
        // an Inference-Header-Content-Length that is no byte count
        TestHttp.Answer notACount = http().send(HttpRequest.newBuilder(http().uri("/v2/models/softmax/infer"))
                .header("Content-Type", "application/octet-stream").header("Inference-Header-Content-Length", "abc")
                .POST(HttpRequest.BodyPublishers.ofByteArray(head)));
        assertThat(problem(notACount, 400, "bad-request").path("detail").asString()).contains("('abc')",
                "no byte count");
        // binary_data_size without the header length
        TestHttp.Answer noLength = http().post("/v2/models/softmax/infer", header.replace("SIZE", "24"));
        assertThat(problem(noLength, 400, "bad-request").path("detail").asString())
                .contains("Inference-Header-Content-Length");
    }

    @Test
    void nanOrInfinityInBinaryDataIsA422NamingTheInputAndTheElement() {
        String header = "{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 3], \"datatype\": \"FP64\", "
                + "\"parameters\": {\"binary_data_size\": 24}}]}";
        TestHttp.Answer answer = binary("softmax", header.getBytes(), doubles(1, Double.NaN, 3), null);
        JsonNode problem = problem(answer, 422, "invalid-value");
        assertThat(problem.path("errors").get(0).path("pointer").asString()).isEqualTo("/inputs/0/data/1");
        assertThat(problem.path("detail").asString()).contains("element 1");
        String fp32 = header.replace("FP64", "FP32").replace("24", "12");
        ByteBuffer floats = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2)
                .putFloat(Float.POSITIVE_INFINITY);
        assertThat(problem(binary("softmax", fp32.getBytes(), floats.array(), null), 422, "invalid-value")
                .path("errors").get(0).path("pointer").asString()).isEqualTo("/inputs/0/data/2");
    }

    @Test
    void resultsOutOfFloat32sRangeAre422NotInfinity() {
        // The gradient at a target probability of 1e-40 (a float32 subnormal) is -1e40: beyond FP32.
        TestHttp.Answer answer = http().post("/v2/models/cross_entropy/infer", "{\"inputs\": [{\"name\": "
                + "\"probabilities\", \"shape\": [1, 2], \"datatype\": \"FP32\", \"data\": [1e-40, 1]}, {\"name\": "
                + "\"target\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [0]}], \"outputs\": [{\"name\": "
                + "\"gradient\"}]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).doesNotContain("Infinity");
    }

    @Test
    void serverAndModelMetadataAndHealth() {
        JsonNode server = http().send(HttpRequest.newBuilder(http().uri("/v2")).GET()).json();
        assertThat(server.path("name").asString()).isEqualTo("nnmath");
        assertThat(server.path("extensions").toString()).contains("binary_tensor_data");
        assertThat(http().send(HttpRequest.newBuilder(http().uri("/v2/health/live")).GET()).json().path("live")
                .asBoolean()).isTrue();
        assertThat(http().send(HttpRequest.newBuilder(http().uri("/v2/health/ready")).GET()).json().path("ready")
                .asBoolean()).isTrue();
        for (String model : List.of("softmax", "log_softmax", "cross_entropy", "squared_error", "loss_compare",
                "softmax_gradient", "rnn_forward", "rnn_backward", "network_forward")) {
            JsonNode metadata = http().send(HttpRequest.newBuilder(http().uri("/v2/models/" + model)).GET()).json();
            assertThat(metadata.path("name").asString()).isEqualTo(model);
            assertThat(metadata.path("versions").toString()).isEqualTo("[\"1\"]");
            assertThat(metadata.path("inputs").size()).as(model).isPositive();
            assertThat(metadata.path("outputs").size()).as(model).isPositive();
            assertThat(http().send(HttpRequest.newBuilder(http().uri("/v2/models/" + model + "/versions/1/ready"))
                    .GET()).status()).isEqualTo(200);
        }
        JsonNode rnn = http().send(HttpRequest.newBuilder(http().uri("/v2/models/rnn_forward")).GET()).json();
        assertThat(rnn.path("inputs").toString()).contains("weight_ih_l{k}", "h_0", "lengths");
    }

    @Test
    void computationsAreCountedUnderTheirProtocol() {
        new OipClient(port).infer("softmax", Map.of("logits", new OipClient.Tensor("FP64", new long[] {3},
                new double[] {1.43, -0.4, 0.23})), Map.of(), null, true);
        assertThat(http().post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
        assertThat(registry.find("nnmath.compute").tag("operation", "softmax").tag("protocol", "oip").timer())
                .isNotNull();
        assertThat(registry.find("nnmath.compute").tag("operation", "softmax").tag("protocol", "json").timer())
                .isNotNull();
        assertThat(registry.find("nnmath.request.elements").tag("protocol", "oip").summary()).isNotNull();
    }

    @Test
    void theRequestSizeMeterCountsTheNumbersTheDecodersRead() {
        io.micrometer.core.instrument.DistributionSummary before = registry.find("nnmath.request.elements")
                .tag("operation", "softmax-gradient").tag("protocol", "json").summary();
        double total = before == null ? 0 : before.totalAmount();
        assertThat(http().post("/gradient/softmax", "{\"logits\": [[1, 2, 3], [4, 5, 6]], "
                + "\"upstream\": [[1, 0, 0], [0, 1, 0]], \"temperature\": 2}").status()).isEqualTo(200);
        assertThat(registry.find("nnmath.request.elements").tag("operation", "softmax-gradient")
                .tag("protocol", "json").summary().totalAmount()).isEqualTo(total + 12);
        double oip = registry.find("nnmath.request.elements").tag("operation", "cross-entropy").tag("protocol", "oip")
                .summary() == null ? 0 : registry.find("nnmath.request.elements").tag("operation", "cross-entropy")
                .tag("protocol", "oip").summary().totalAmount();
        new OipClient(port).infer("cross_entropy", Map.of("logits", new OipClient.Tensor("FP64", new long[] {2, 3},
                new double[] {1, 2, 3, 4, 5, 6}), "target", new OipClient.Tensor("INT64", new long[] {2},
                new double[] {0, 2})), Map.of(), null, true);
        assertThat(registry.find("nnmath.request.elements").tag("operation", "cross-entropy").tag("protocol", "oip")
                .summary().totalAmount()).isEqualTo(oip + 8);
    }

    private void pointsAt(TestHttp.Answer answer, int status, String pointer) {
        JsonNode problem = problem(answer, status, "bad-request");
        assertThat(problem.path("error").asString()).isEqualTo(problem.path("detail").asString());
        if (!pointer.isEmpty()) {
            assertThat(problem.path("errors").get(0).path("pointer").asString()).isEqualTo(pointer);
        }
    }

    private TestHttp.Answer binary(String model, byte[] header, byte[] data, Long headerLength) {
        byte[] body = new byte[header.length + data.length];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(data, 0, body, header.length, data.length);
        return http().send(HttpRequest.newBuilder(http().uri("/v2/models/" + model + "/infer"))
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Long.toString(headerLength == null ? header.length : headerLength))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}
