package io.nnmath.container;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.nnmath.TestHttp;
import io.nnmath.oip.OipClient;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static io.nnmath.container.NnMathContainers.API_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image under small heaps, never an OutOfMemoryError (the image exits on one, so the container
 * would be gone), and answering afterwards: under -Xmx256m many concurrent large requests get 200 or
 * 503; under -Xmx40m, where the memory budget is what the start left free, a request that cannot
 * fit is a 413 and one that can is answered: a million logits as JSON or as OIP binary.
 */
@Testcontainers(disabledWithoutDocker = true)
class SmallHeapContainerTests {

    static final int CONCURRENT = 24;
    static final int LOGITS = 1_000_000;

    @Container
    static final GenericContainer<?> APP = NnMathContainers.app().withEnv("JAVA_TOOL_OPTIONS", "-Xmx256m");

    /** A heap that the started service leaves about 13 MB of: half of it would admit what it cannot hold. */
    @Container
    static final GenericContainer<?> TINY = NnMathContainers.app().withEnv("JAVA_TOOL_OPTIONS", "-Xmx40m");

    static String largeSoftmax() {
        return largeSoftmax(1);
    }

    /** A million logits: one vector, or {@code rows} rows of a batch. */
    static String largeSoftmax(int rows) {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder json = new StringBuilder(LOGITS * 20).append(rows == 1 ? "{\"logits\": [" : "{\"logits\": [[");
        for (int i = 0; i < LOGITS; i++) {
            json.append(i == 0 ? "" : i % (LOGITS / rows) == 0 ? "],[" : ",").append(random.nextDouble(-10, 10));
        }
        return json.append(rows == 1 ? "]}" : "]]}").toString();
    }

    @Test
    void concurrentLargeRequestsGet200Or503AndTheServiceSurvives() throws Exception {
        TestHttp api = new TestHttp(APP.getMappedPort(API_PORT));
        byte[] body = largeSoftmax().getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> statuses = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                // A client each: one client's single selector thread would send the bodies one
                // after another, and they would never be in the service's heap at the same time.
                TestHttp client = new TestHttp(APP.getMappedPort(API_PORT));
                answers.add(pool.submit(() -> client.postForStatus("/softmax", body)));
            }
            for (Future<Integer> answer : answers) {
                String outcome;
                try {
                    outcome = String.valueOf(answer.get());
                } catch (ExecutionException e) {
                    // An answer cut off (the process died, say): counted, so that the assertion
                    // below shows it with the container's last lines.
                    outcome = "broken: " + e.getCause();
                }
                statuses.merge(outcome, 1, Integer::sum);
            }
        }
        System.out.println("SmallHeapContainerTests: " + CONCURRENT + " concurrent " + body.length / 1_000_000
                + " MB requests under -Xmx256m: statuses " + statuses);
        Supplier<String> logTail = () -> {
            String logs = APP.getLogs();
            return "the container's last lines:\n" + logs.substring(Math.max(0, logs.length() - 3000));
        };
        assertThat(statuses.keySet()).as(logTail).isSubsetOf("200", "503");
        assertThat(statuses.getOrDefault("200", 0)).isPositive();
        assertThat(APP.isRunning()).as(logTail).isTrue();
        assertThat(APP.getLogs()).doesNotContain("OutOfMemoryError");
        assertThat(api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
    }

    @Test
    void aTinyHeapAnswersWhatFitsAnd413ForWhatCannotAndSurvives() {
        TestHttp api = new TestHttp(TINY.getMappedPort(API_PORT));
        for (int i = 0; i < 3; i++) {
            // a batch's rows are gathered into one array at the end of the body: 8 MB of blocks and
            // the 8 MB array at once, more than the budget
            TestHttp.Answer tooLarge = api.post("/softmax", largeSoftmax(1000));
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
            assertThat(tooLarge.json().path("detail").asString()).contains("nnmath.overload.memory-budget");
            // a vector stays in its blocks, and softmax computes there: 8 MB
            TestHttp.Answer vector = api.post("/softmax", largeSoftmax());
            assertThat(vector.status()).as(vector.body()).isEqualTo(200);
            assertThat(vector.json().path("probabilities").size()).isEqualTo(LOGITS);
        }
        // the same million logits as OIP binary FP64 need less: 8 MB of bytes read into 8 MB of doubles
        double[] logits = new double[LOGITS];
        Arrays.setAll(logits, i -> (i % 2001) / 100.0 - 10);
        OipClient.Answer binary = new OipClient(TINY.getMappedPort(API_PORT)).infer("softmax",
                Map.of("logits", new OipClient.Tensor("FP64", new long[] {1, LOGITS}, logits)), null, null, true);
        assertThat(binary.status()).as(String.valueOf(binary.body())).isEqualTo(200);
        assertThat(binary.outputs().get("probabilities").values()).hasSize(LOGITS);
        assertThat(api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
        assertThat(TINY.isRunning()).isTrue();
        assertThat(TINY.getLogs()).doesNotContain("OutOfMemoryError").contains("Memory budget for the requests");
    }
}
