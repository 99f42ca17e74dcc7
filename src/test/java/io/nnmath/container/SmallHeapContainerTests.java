package io.nnmath.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static io.nnmath.container.NnMathContainers.API_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image under a small heap (-Xmx256m): many concurrent large requests get 200 or 503, never an
 * OutOfMemoryError (the image exits on one, so the container would be gone), and the service keeps
 * answering afterwards.
 */
@Testcontainers(disabledWithoutDocker = true)
class SmallHeapContainerTests {

    static final int CONCURRENT = 24;
    static final int LOGITS = 1_000_000;

    @Container
    static final GenericContainer<?> APP = NnMathContainers.app().withEnv("JAVA_TOOL_OPTIONS", "-Xmx256m");

    static String largeSoftmax() {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder json = new StringBuilder(LOGITS * 20).append("{\"logits\": [");
        for (int i = 0; i < LOGITS; i++) {
            json.append(i == 0 ? "" : ",").append(random.nextDouble(-10, 10));
        }
        return json.append("]}").toString();
    }

    @Test
    void concurrentLargeRequestsGet200Or503AndTheServiceSurvives() throws Exception {
        TestHttp api = new TestHttp(APP.getMappedPort(API_PORT));
        String body = largeSoftmax();
        Map<Integer, Integer> statuses = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                answers.add(pool.submit(() -> api.post("/softmax", body).status()));
            }
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
        }
        System.out.println("SmallHeapContainerTests: " + CONCURRENT + " concurrent " + body.length() / 1_000_000
                + " MB requests under -Xmx256m: statuses " + statuses);
        assertThat(statuses.keySet()).isSubsetOf(200, 503);
        assertThat(statuses.getOrDefault(200, 0)).isPositive();
        assertThat(APP.isRunning()).isTrue();
        assertThat(APP.getLogs()).doesNotContain("OutOfMemoryError");
        assertThat(api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
    }
}
