package io.nnmath;

import java.util.SplittableRandom;

import io.nnmath.compute.Kernels;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Segments;
import io.nnmath.compute.Softmax;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A vector longer than the reader's blocks, through the real HTTP stack: the reader keeps it in its
 * blocks and softmax computes there, so the answer must be the core's answer for the same numbers in
 * one array, and an error must name the number wherever it sits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LongVectorTests {

    static final int N = 3 * Segments.PART + 11;

    @LocalServerPort
    int port;

    @Autowired
    Kernels kernels;

    static String body(double[] z, double temperature) {
        StringBuilder json = new StringBuilder(24 * z.length).append("{\"logits\": [");
        for (int i = 0; i < z.length; i++) {
            json.append(i == 0 ? "" : ",").append(z[i]);
        }
        return json.append("], \"temperature\": ").append(temperature).append('}').toString();
    }

    @Test
    void aVectorInBlocksIsAnsweredAsTheCoreAnswersItInOneArray() {
        // Each part at its own height, so that the row's max and sum come from the blocks of every part
        SplittableRandom random = new SplittableRandom(3);
        double[] height = {-40, 300, -650, 120};
        double[] z = new double[N];
        for (int i = 0; i < N; i++) {
            z[i] = height[i / Segments.PART] + random.nextDouble(-30, 30);
        }
        TestHttp http = new TestHttp(port);
        Softmax softmax = new Softmax(kernels);
        Matrix row = new Matrix(1, N, z.clone());
        String[] paths = {"/softmax", "/log-softmax"};
        String[] fields = {"probabilities", "logProbabilities"};
        double[][] expected = {softmax.softmax(row, 1.5).data(), softmax.logSoftmax(row, 1.5).data()};
        for (int k = 0; k < 2; k++) {
            TestHttp.Answer answer = http.post(paths[k], body(z, 1.5));
            assertThat(answer.status()).as(paths[k]).isEqualTo(200);
            JsonNode values = answer.json().get(fields[k]);
            assertThat(values.size()).isEqualTo(N);
            for (int i = 0; i < N; i++) {
                double e = expected[k][i];
                assertThat(values.get(i).doubleValue()).as("%s %d", paths[k], i)
                        .isCloseTo(e, within(1e-13 * Math.abs(e) + Double.MIN_VALUE));
            }
            assertThat(answer.json().get("argmax").intValue()).isEqualTo(Softmax.argmax(row)[0]);
        }
    }

    @Test
    void aLogProbabilityBelowTheSmallestDoubleIsNamedInALaterBlock() {
        double[] z = new double[N];
        z[5] = 1e308;
        z[2 * Segments.PART + 3] = -1e308;
        TestHttp.Answer answer = new TestHttp(port).post("/log-softmax", body(z, 1));
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/logits/" + (2 * Segments.PART + 3));
    }
}
