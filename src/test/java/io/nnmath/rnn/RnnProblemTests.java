package io.nnmath.rnn;

import io.nnmath.ProblemAssertions;
import io.nnmath.SmallLimitsTest;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.nnmath.ProblemAssertions.problem;

/**
 * Invalid recurrent and dense-network requests through the real server, each answered with the
 * pointer of the offending field; the recurrent limits are small here so that tests can exceed them.
 */
@SmallLimitsTest
class RnnProblemTests {

    /** A valid one-layer tanh RNN, input size 2, hidden size 2, with the fields after it. */
    static String rnn(String inputs, String more) {
        return "{\"layers\": [{\"weightIh\": [[0.1, 0.2], [0.3, 0.4]], \"weightHh\": [[0.5, 0.6], [0.7, 0.8]]}],"
                + " \"inputs\": " + inputs + more + "}";
    }

    static final String OUTPUT = ", \"output\": {\"weight\": [[1, 0], [0, 1], [1, 1]]}";

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
    void acceptsTheValidBaseRequest() {
        org.assertj.core.api.Assertions.assertThat(http.post("/rnn/forward", rnn("[[1, 2], [3, 4]]", "")).status())
                .isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(http.post("/rnn/backward",
                rnn("[[[1, 2]], [[3, 4], [5, 6]]]", OUTPUT + ", \"targets\": [[0], [1, 2]]")).status()).isEqualTo(200);
    }

    @Test
    void rejectsWeightsOfTheWrongShape() {
        rejects("/rnn/forward", "{\"layers\": [{\"weightIh\": [[0.1, 0.2, 0.3], [0.3, 0.4, 0.5]], "
                + "\"weightHh\": [[0.5, 0.6], [0.7, 0.8]]}], \"inputs\": [[1, 2]]}", 422, "shape-mismatch",
                "/layers/0/weightIh");
        rejects("/rnn/forward", "{\"cell\": \"lstm\", \"layers\": [{\"weightIh\": [[0.1, 0.2], [0.3, 0.4]], "
                + "\"weightHh\": [[0.5, 0.6], [0.7, 0.8]]}], \"inputs\": [[1, 2]]}", 422, "shape-mismatch",
                "/layers/0/weightIh");
        rejects("/rnn/forward", rnn("[[1, 2]]", "").replace("\"weightHh\"", "\"biasIh\": [1, 2, 3], \"weightHh\""),
                422, "shape-mismatch", "/layers/0/biasIh");
        rejects("/rnn/forward", "{\"layers\": [{\"weightIh\": [[0.1, 0.2], [0.3, 0.4]], \"weightHh\": [[0.5, 0.6], "
                + "[0.7, 0.8]]}, {\"weightIh\": [[0.1], [0.3]], \"weightHh\": [[0.5, 0.6], [0.7, 0.8]]}], "
                + "\"inputs\": [[1, 2]]}", 422, "shape-mismatch", "/layers/1/weightIh");
        rejects("/rnn/forward", "{\"inputs\": [[1, 2]]}", 422, "invalid-value", "/layers");
        // found by FuzzTests: a null layer was a 500
        rejects("/rnn/forward", "{\"layers\": [null], \"inputs\": [[1, 2]]}", 400, "wrong-type", "/layers/0");
        rejects("/network/forward", "{\"inputs\": [1, 2], \"layers\": [null]}", 400, "wrong-type", "/layers/0");
        rejects("/rnn/forward", "{\"layers\": [{\"weightIh\": [[0.1, 0.2], [0.3, 0.4]]}], \"inputs\": [[1, 2]]}",
                422, "invalid-value", "/layers/0/weightHh");
    }

    @Test
    void rejectsRaggedStepsEmptySequencesAndWrongRanks() {
        rejects("/rnn/forward", rnn("[[[1, 2]], [[3, 4], [5]]]", ""), 422, "shape-mismatch", "/inputs/1/1");
        rejects("/rnn/forward", rnn("[[[1, 2]], []]", ""), 422, "shape-mismatch", "/inputs/1");
        rejects("/rnn/forward", rnn("[1, 2]", ""), 422, "shape-mismatch", "/inputs");
    }

    @Test
    void rejectsInitialStatesOfTheWrongSizeOrForTheWrongCell() {
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"initialHidden\": [[1, 2, 3]]"), 422, "shape-mismatch",
                "/initialHidden");
        rejects("/rnn/forward", rnn("[[[1, 2]], [[3, 4]]]", ", \"initialHidden\": [[1, 2]]"), 422, "shape-mismatch",
                "/initialHidden");
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"initialCell\": [[1, 2]]"), 422, "invalid-value", "/initialCell");
    }

    @Test
    void rejectsUnknownCellsNonlinearitiesAndActivations() {
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"cell\": \"transformer\""), 422, "invalid-value", "/cell");
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"nonlinearity\": \"sigmoid\""), 422, "invalid-value",
                "/nonlinearity");
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"cell\": \"gru\", \"nonlinearity\": \"tanh\""), 422,
                "invalid-value", "/nonlinearity");
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"output\": {\"weight\": [[1, 0]], \"activation\": \"relu\"}"),
                422, "invalid-value", "/output/activation");
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"output\": {\"weight\": [[1, 0, 0]]}"), 422, "shape-mismatch",
                "/output/weight");
    }

    @Test
    void rejectsTargetsOutOfRangeOrOfTheWrongLength() {
        rejects("/rnn/backward", rnn("[[1, 2], [3, 4]]", OUTPUT + ", \"targets\": [0, 3]"), 422, "invalid-value",
                "/targets/1");
        rejects("/rnn/backward", rnn("[[1, 2], [3, 4]]", OUTPUT + ", \"targets\": [0]"), 422, "shape-mismatch",
                "/targets");
        rejects("/rnn/backward", rnn("[[[1, 2]], [[3, 4], [5, 6]]]", OUTPUT + ", \"targets\": [[0], [1]]"), 422,
                "shape-mismatch", "/targets/1");
        rejects("/rnn/backward", rnn("[[1, 2]]", OUTPUT + ", \"targets\": [0.5]"), 400, "wrong-type", "/targets/0");
        rejects("/rnn/backward", rnn("[[1, 2]]", ", \"targets\": [0]"), 422, "invalid-value", "/output");
        rejects("/rnn/backward", rnn("[[1, 2]]", OUTPUT + ", \"targets\": [0], \"reduction\": \"none\""), 422,
                "invalid-value", "/reduction");
        rejects("/rnn/forward", rnn("[[1, 2]]", ", \"targets\": [0]"), 400, "wrong-type", "/targets");
    }

    @Test
    void answersTheLimitsWith413() {
        problem(http.post("/rnn/forward", rnn("[" + "[1, 2],".repeat(10) + "[1, 2]]", "")), 413, "limit-exceeded");
        problem(http.post("/rnn/forward", "{\"layers\": [{\"weightIh\": [[1], [1], [1], [1], [1]], \"weightHh\": "
                + "[[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]}], "
                + "\"inputs\": [[1]]}"), 413, "limit-exceeded");
        String layer = "{\"weightIh\": [[0.1, 0.2], [0.3, 0.4]], \"weightHh\": [[0.5, 0.6], [0.7, 0.8]]}";
        problem(http.post("/rnn/forward", "{\"layers\": [" + layer + ", " + layer + ", " + layer + "], "
                + "\"inputs\": [[1, 2]]}"), 413, "limit-exceeded");
        String batch = "[" + ("[" + "[1, 2],".repeat(9) + "[1, 2]],").repeat(30) + "[[1, 2]]]";
        problem(http.post("/rnn/forward", rnn(batch, "")), 413, "limit-exceeded");
    }

    @Test
    void anExplodingReluNetworkIsA422NamingTheStep() {
        rejects("/rnn/forward", "{\"nonlinearity\": \"relu\", \"layers\": [{\"weightIh\": [[1e300]], "
                + "\"weightHh\": [[1e300]]}], \"inputs\": [[[1]], [[1], [1], [1]]]}", 422, "not-representable",
                "/inputs/1/1");
    }

    @Test
    void rejectsInvalidDenseNetworks() {
        String iris = "{\"inputs\": [0.04, 0.42], \"layers\": [{\"weight\": [[-2.5, 0.6], [-1.5, 0.4]], "
                + "\"bias\": [1.6, 0.7], \"activation\": \"relu\"}, {\"weight\": [[-0.1, 1.5], [2.4, -5.2], "
                + "[-2.2, 3.7]], \"bias\": [0, 0, 1]}], \"softmax\": true, \"classNames\": [\"Setosa\", "
                + "\"Versicolor\", \"Virginica\"]}";
        org.assertj.core.api.Assertions.assertThat(http.post("/network/forward", iris).json()
                .path("predictedClass").asString()).isEqualTo("Setosa");
        rejects("/network/forward", iris.replace("[[-0.1, 1.5], [2.4, -5.2], [-2.2, 3.7]]", "[[1, 2, 3], [4, 5, 6]]"),
                422, "shape-mismatch", "/layers/1/weight");
        rejects("/network/forward", iris.replace("[[-0.1, 1.5], [2.4, -5.2]", "[[-0.1, 1.5], [2.4, -5.2, 1]"),
                422, "shape-mismatch", "/layers/1/weight/1");
        rejects("/network/forward", iris.replace("[0.04, 0.42]", "[0.04, 0.42, 1]"), 422, "shape-mismatch",
                "/layers/0/weight");
        rejects("/network/forward", iris.replace("\"relu\"", "\"gelu\""), 422, "invalid-value", "/layers/0/activation");
        rejects("/network/forward", iris.replace("[1.6, 0.7]", "[1.6]"), 422, "shape-mismatch", "/layers/0/bias");
        rejects("/network/forward", iris.replace(", \"Virginica\"", ""), 422, "shape-mismatch", "/classNames");
        rejects("/network/forward", iris.replace("\"softmax\": true", "\"softmax\": \"yes\""), 400, "wrong-type",
                "/softmax");
        rejects("/network/forward", "{\"inputs\": [1, 2], \"layers\": []}", 422, "invalid-value", "/layers");
    }
}
