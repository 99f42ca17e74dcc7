package io.nnmath.problem;

import java.util.List;

import io.nnmath.TestHttp;
import io.nnmath.compute.Segments;
import io.nnmath.tensor.Tensor;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every number of an answer is finite: the gradient norms of BPTT no longer overflow for entries
 * above 1e154 (the defect of issue 15, tried as a user would), and the one check every answer
 * passes refuses what is not finite, naming the output field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FiniteAnswersTests {

    @LocalServerPort
    int port;

    @Test
    void gradientNormsOfHugeGradientsAreFiniteNumbers() {
        TestHttp.Answer answer = new TestHttp(port).post("/rnn/backward", "{\"layers\":[{\"weightIh\":[[0.5],[-0.3]],"
                + "\"weightHh\":[[0.1,0.2],[-0.2,0.4]]}],\"inputs\":[[1],[2],[3]],\"output\":{\"weight\":"
                + "[[1e160,-1e160],[-1e160,1e160]]},\"targets\":[0,1,0]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode norms = answer.json().path("hiddenGradientNorms");
        assertThat(norms.size()).isEqualTo(3);
        for (JsonNode norm : norms) {
            assertThat(norm.isNumber()).as(answer.body()).isTrue();
            assertThat(Double.isFinite(norm.asDouble())).isTrue();
        }
        assertThat(norms.get(0).asDouble()).isGreaterThan(1e150);
    }

    @Test
    void anLstmWithHugeOutputWeightsAnswersFiniteNumbersOrA422() {
        TestHttp.Answer answer = new TestHttp(port).post("/rnn/backward", "{\"cell\":\"lstm\",\"layers\":[{\"weightIh\":"
                + "[[0.5],[-0.3],[0.2],[0.1]],\"weightHh\":[[0.1],[0.2],[-0.2],[0.4]]}],\"inputs\":[[1],[2],[3]],"
                + "\"output\":{\"weight\":[[1e200],[-1e200]]},\"targets\":[0,1,0]}");
        assertThat(answer.status()).as(answer.body()).isIn(200, 422);
        assertThat(answer.body()).doesNotContain("Infinity", "NaN");
    }

    @Test
    void anOverflowingNetworkOrGradientIsA422AtTheOutputField() {
        TestHttp.Answer network = new TestHttp(port).post("/network/forward", "{\"inputs\": [1e300, 1e300], "
                + "\"layers\": [{\"weight\": [[1e300, 1e300]]}]}");
        JsonNode problem = io.nnmath.ProblemAssertions.problem(network, 422, "not-representable");
        assertThat(problem.path("errors").get(0).path("pointer").asString()).isEqualTo("/outputs/0");
        TestHttp.Answer rnn = new TestHttp(port).post("/rnn/backward", "{\"layers\":[{\"weightIh\":[[1e200]],"
                + "\"weightHh\":[[0.5]]}],\"inputs\":[[1e200],[1]],\"output\":{\"weight\":[[1e200],[-1e200]]},"
                + "\"targets\":[0,1]}");
        assertThat(rnn.status()).as(rnn.body()).isIn(200, 422);
        assertThat(rnn.body()).doesNotContain("Infinity", "NaN");
    }

    record Sample(Tensor probabilities, double[] losses, Double loss, List<double[]> norms) {
    }

    @Test
    void theCheckNamesTheOutputFieldOfTheFirstNonFiniteNumber() {
        FiniteAnswers check = new FiniteAnswers();
        check.check(new Sample(new Tensor(new double[] {0.5, 0.5, 1, 0}, 2, 2), new double[] {1}, 2.0,
                List.of(new double[] {3})), "");
        assertRefused(() -> check.check(new Sample(new Tensor(new double[] {0.5, 0.5, Double.NaN, 0}, 2, 2),
                null, null, null), ""), "/probabilities/1/0");
        assertRefused(() -> check.check(new Sample(null, new double[] {1, Double.POSITIVE_INFINITY}, null, null), ""),
                "/losses/1");
        assertRefused(() -> check.check(new Sample(null, null, Double.NEGATIVE_INFINITY, null), ""), "/loss");
        assertRefused(() -> check.check(new Sample(null, null, null,
                List.of(new double[] {1}, new double[] {2, Double.NaN})), ""), "/norms/1/1");
        double[][] parts = {new double[Segments.PART], new double[3]};
        parts[1][1] = Double.NaN;
        assertRefused(() -> check.check(new Sample(Tensor.of(new Segments(parts, Segments.PART + 2)), null, null,
                null), ""), "/probabilities/" + (Segments.PART + 1));
    }

    private static void assertRefused(Runnable check, String pointer) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.NOT_REPRESENTABLE);
            assertThat(e.errors().getFirst().pointer()).isEqualTo(pointer);
        });
    }
}
