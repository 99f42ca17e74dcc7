package io.nnmath.problem;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import io.nnmath.SmallLimitsTest;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static io.nnmath.ProblemAssertions.pointsAt;
import static io.nnmath.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per kind of problem in API.md's status table, through the real server: status,
 * content type, stable {@code type}, and the JSON Pointer of the offending value. The limits are
 * set small here so that a test can exceed them cheaply.
 */
@SmallLimitsTest
class ProblemTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void rejectsBodyThatIsNotJson() {
        problem(http.post("/softmax", "{\"logits\": [1, 2"), 400, "malformed-json");
        problem(http.post("/softmax", "logits=1,2"), 400, "malformed-json");
        problem(http.post("/softmax", ""), 400, "malformed-json");
    }

    @Test
    void rejectsDuplicateKeys() {
        problem(http.post("/softmax", "{\"logits\": [1], \"logits\": [2]}"), 400, "malformed-json");
    }

    @Test
    void rejectsStringWhereNumberBelongsWithPointer() {
        pointsAt(problem(http.post("/softmax", "{\"logits\": [[1, 2], [3, \"NaN\"]]}"), 400, "wrong-type"),
                "/logits/1/1");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1, 2], \"temperature\": \"2\"}"), 400, "wrong-type"),
                "/temperature");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1, true]}"), 400, "wrong-type"), "/logits/1");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1, null]}"), 400, "wrong-type"), "/logits/1");
        JsonNode number = problem(http.post("/softmax", "{\"logits\": [1, 2], \"classNames\": [\"a\", 3]}"), 400,
                "wrong-type");
        pointsAt(number, "/classNames/1");
        assertThat(number.path("detail").asString()).endsWith("must be a string (a class name), not a number");
    }

    @Test
    void rejectsUnknownFieldNamingTheKnownOnes() {
        JsonNode body = problem(http.post("/softmax", "{\"logits\": [1], \"temprature\": 2}"), 400, "wrong-type");
        pointsAt(body, "/temprature");
        assertThat(body.path("detail").asString()).contains("temperature");
    }

    @Test
    void rejectsNestingTooDeepAndNumbersTooLong() {
        problem(http.post("/softmax", "{\"logits\": [[[[[[[[[[1]]]]]]]]]]}"), 400, "malformed-json");
        problem(http.post("/softmax", "{\"logits\": [1, 1.0000000000000000000000000000000001]}"), 400,
                "malformed-json");
    }

    @Test
    void rejectsNonFiniteNumbersWithPointer() {
        pointsAt(problem(http.post("/softmax", "{\"logits\": [[1, 2], [3, 1e400]]}"), 422, "invalid-value"),
                "/logits/1/1");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1, NaN]}"), 400, "malformed-json"), "/logits");
    }

    @Test
    void rejectsRaggedLogitsWithPointer() {
        pointsAt(problem(http.post("/softmax", "{\"logits\": [[1, 2], [3, 4], [5]]}"), 422, "shape-mismatch"),
                "/logits/2");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [[1, 2], 3]}"), 422, "shape-mismatch"), "/logits/1");
    }

    @Test
    void rejectsEmptyTensorsAndWrongRanks() {
        pointsAt(problem(http.post("/softmax", "{\"logits\": []}"), 422, "shape-mismatch"), "/logits");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [[1], []]}"), 422, "shape-mismatch"), "/logits/1");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [[[1]]]}"), 422, "shape-mismatch"), "/logits");
        pointsAt(problem(http.post("/softmax", "{\"logits\": 3}"), 422, "shape-mismatch"), "/logits");
    }

    @Test
    void rejectsMissingAndInvalidFields() {
        pointsAt(problem(http.post("/softmax", "{}"), 422, "invalid-value"), "/logits");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1], \"temperature\": 0}"), 422, "invalid-value"),
                "/temperature");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1], \"temperature\": -1}"), 422, "invalid-value"),
                "/temperature");
        pointsAt(problem(http.post("/softmax", "{\"logits\": [1, 2], \"classNames\": [\"a\"]}"), 422,
                "shape-mismatch"), "/classNames");
    }

    @Test
    void rejectsResultsThatAreNotFiniteDoubles() {
        pointsAt(problem(http.post("/log-softmax", "{\"logits\": [[0, 0], [1e308, -1e308]]}"), 422,
                "not-representable"), "/logits/1/1");
    }

    @Test
    void rejectsBodiesOverTheLimitWithAndWithoutContentLength() {
        String big = "{\"logits\": [" + "1,".repeat(1500) + "1]}";
        assertThat(big.length()).isGreaterThan(2048);
        problem(http.post("/softmax", big), 413, "limit-exceeded");
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        TestHttp.Answer chunked = http.send(HttpRequest.newBuilder(http.uri("/softmax"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertThat(problem(chunked, 413, "limit-exceeded").path("detail").asString())
                .contains("nnmath.limits.max-body-size");
    }

    @Test
    void rejectsMoreNumbersThanTheLimit() {
        String many = "{\"logits\": [" + "1,".repeat(100) + "1]}";
        assertThat(problem(http.post("/softmax", many), 413, "limit-exceeded").path("detail").asString())
                .contains("nnmath.limits.max-numbers");
    }

    @Test
    void answersUnknownPathsAndMethodsAndMediaTypes() {
        problem(http.post("/no-such-endpoint", "{}"), 404, "not-found");
        TestHttp.Answer get = http.send(HttpRequest.newBuilder(http.uri("/softmax")).GET());
        problem(get, 405, "method-not-allowed");
        TestHttp.Answer text = http.send(HttpRequest.newBuilder(http.uri("/softmax"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
        problem(text, 415, "unsupported-media-type");
    }

    @Test
    void unknownPathsAreNotEchoed() {
        TestHttp.Answer answer = http.post("/%3Cscript%3Ealert(1)%3C/script%3E", "{}");
        problem(answer, 404, "not-found");
        assertThat(answer.body()).doesNotContain("script");
    }

    @Test
    void requestsTheContainerRejectsAreProblemsToo() {
        // Tomcat refuses an encoded slash before the application sees the request.
        TestHttp.Answer answer = http.post("/softmax%2Fx", "{}");
        assertThat(problem(answer, 400, "bad-request").has("error")).isFalse();
        // under /v2 with the Open Inference Protocol's error member, as every answer there
        JsonNode oip = problem(http.post("/v2/models/soft%2Fmax/infer", "{}"), 400, "bad-request");
        assertThat(oip.path("error").asString()).isNotEmpty().isEqualTo(oip.path("detail").asString());
    }
}
