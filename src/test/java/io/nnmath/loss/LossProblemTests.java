package io.nnmath.loss;

import io.nnmath.ProblemAssertions;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.nnmath.ProblemAssertions.problem;

/** Every invalid loss or gradient request is a 4xx naming the field, through the real server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LossProblemTests {

    static final String CE = "/loss/cross-entropy";

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    void rejects(String path, String body, int status, String type, String pointer) {
        ProblemAssertions.rejects(http, path, body, status, type, pointer);
    }

    @Test
    void rejectsTargetsOutOfRangeOrNotIntegers() {
        rejects(CE, "{\"logits\": [1, 2, 3], \"target\": 3}", 422, "invalid-value", "/target");
        rejects(CE, "{\"logits\": [[1, 2], [3, 4]], \"target\": [0, -1]}", 422, "invalid-value", "/target/1");
        rejects(CE, "{\"logits\": [1, 2, 3], \"target\": 1.5}", 400, "wrong-type", "/target");
        rejects(CE, "{\"logits\": [1, 2, 3], \"target\": \"2\"}", 400, "wrong-type", "/target");
        rejects(CE, "{\"logits\": [1, 2, 3], \"target\": true}", 400, "wrong-type", "/target");
        rejects(CE, "{\"logits\": [[1, 2], [3, 4]], \"target\": [0]}", 422, "shape-mismatch", "/target");
        rejects(CE, "{\"logits\": [1, 2], \"target\": [0]}", 422, "shape-mismatch", "/target");
    }

    @Test
    void rejectsBothOrNeitherInputAndTarget() {
        rejects(CE, "{\"logits\": [1, 2], \"probabilities\": [0.5, 0.5], \"target\": 0}", 422, "invalid-value",
                "/probabilities");
        rejects(CE, "{\"target\": 0}", 422, "invalid-value", "/logits");
        rejects(CE, "{\"logits\": [1, 2]}", 422, "invalid-value", "/target");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"targetProbabilities\": [1, 0]}", 422, "invalid-value",
                "/targetProbabilities");
    }

    @Test
    void rejectsRowsThatAreNotDistributions() {
        rejects(CE, "{\"probabilities\": [[0.5, 0.5], [0.7, 0.7]], \"target\": [0, 1]}", 422, "invalid-value",
                "/probabilities/1");
        rejects(CE, "{\"probabilities\": [1.5, -0.5], \"target\": 0}", 422, "invalid-value", "/probabilities/0");
        rejects(CE, "{\"logits\": [1, 2], \"targetProbabilities\": [0.2, 0.2]}", 422, "invalid-value",
                "/targetProbabilities");
        rejects(CE, "{\"logits\": [1, 2], \"targetProbabilities\": [[0.5, 0.5]]}", 422, "shape-mismatch",
                "/targetProbabilities");
        rejects("/loss/squared-error", "{\"probabilities\": [0.2, 0.2], \"target\": 0}", 422, "invalid-value",
                "/probabilities");
        rejects("/loss/compare", "{\"probabilities\": [[0.5, 0.5], [1, 0.1]], \"target\": [0, 0]}", 422,
                "invalid-value", "/probabilities/1");
    }

    @Test
    void rejectsBadWeightsSmoothingAndReduction() {
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"weights\": [1]}", 422, "shape-mismatch", "/weights");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"weights\": [1, -1]}", 422, "invalid-value", "/weights/1");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"labelSmoothing\": 1}", 422, "invalid-value",
                "/labelSmoothing");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"labelSmoothing\": -0.1}", 422, "invalid-value",
                "/labelSmoothing");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"reduction\": \"avg\"}", 422, "invalid-value", "/reduction");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"ignoreIndex\": 1.5}", 400, "wrong-type", "/ignoreIndex");
        rejects(CE, "{\"logits\": [1, 2], \"target\": 0, \"ignoreIndex\": 99999999999}", 400, "wrong-type",
                "/ignoreIndex");
    }

    @Test
    void rejectsAMeanOverNothing() {
        rejects(CE, "{\"logits\": [[1, 2], [3, 4]], \"target\": [-100, -100], \"ignoreIndex\": -100}", 422,
                "invalid-value", "/ignoreIndex");
        rejects(CE, "{\"logits\": [[1, 2], [3, 4]], \"target\": [1, 1], \"weights\": [1, 0]}", 422,
                "invalid-value", "/weights");
    }

    @Test
    void rejectsZeroProbabilityOnATarget() {
        rejects(CE, "{\"probabilities\": [[0.5, 0.5], [1, 0]], \"target\": [0, 1]}", 422, "not-representable",
                "/probabilities/1/1");
        rejects("/gradient/cross-entropy", "{\"probabilities\": [1, 0], \"target\": 1}", 422, "not-representable",
                "/probabilities/1");
        rejects("/loss/compare", "{\"probabilities\": [1, 0], \"target\": 1}", 422, "not-representable",
                "/probabilities/1");
    }

    @Test
    void rejectsJacobiansOverTheLimitAndBadUpstreams() {
        String wide = "{\"logits\": [" + "0,".repeat(1024) + "0]}";
        problem(http.post("/gradient/softmax", wide), 413, "limit-exceeded");
        rejects("/gradient/softmax", "{\"logits\": [1, 2], \"upstream\": [1, 2, 3]}", 422, "shape-mismatch",
                "/upstream");
        rejects("/gradient/softmax", "{\"logits\": [1, 2], \"temperature\": 0}", 422, "invalid-value",
                "/temperature");
    }
}
