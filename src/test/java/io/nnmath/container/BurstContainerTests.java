package io.nnmath.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nnmath.HostileClientsTests;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static io.nnmath.container.NnMathContainers.API_PORT;
import static io.nnmath.container.NnMathContainers.MANAGEMENT_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image as the Kubernetes Deployment runs it (768 MiB of memory, so a 576 MiB heap and
 * -XX:+ExitOnOutOfMemoryError) survives the bursts that killed it before admission by cost:
 * 64 concurrent 4 x 1024 Jacobians, then 32 concurrent LSTM backward passes at the work limit.
 * Only 200, 413 and 503 come back, nothing runs out of memory, the container never restarts.
 */
@Testcontainers(disabledWithoutDocker = true)
class BurstContainerTests {

    static final long MEMORY = 768L << 20;

    @Container
    static final GenericContainer<?> APP = NnMathContainers.app()
            .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(MEMORY).withMemorySwap(MEMORY));

    @Test
    void theImageUnderItsDefaultHeapSurvivesBurstsOfMemoryHeavyRequests() throws Exception {
        TestHttp api = new TestHttp(APP.getMappedPort(API_PORT));
        TestHttp management = new TestHttp(APP.getMappedPort(MANAGEMENT_PORT));
        Map<Integer, Integer> statuses = new TreeMap<>();
        burst(api, 64, "/gradient/softmax", HostileClientsTests.jacobians(4, 1024), statuses);
        burst(api, 32, "/rnn/backward", HostileClientsTests.lstmAtTheWorkLimit(), statuses);
        System.out.println("BurstContainerTests: statuses " + statuses + " in a container of " + (MEMORY >> 20)
                + " MiB");
        assertThat(statuses.keySet()).isSubsetOf(200, 413, 503);
        assertThat(statuses.get(200)).isNotNull();
        assertThat(APP.isRunning()).isTrue();
        assertThat(DockerClientFactory.instance().client().inspectContainerCmd(APP.getContainerId()).exec()
                .getRestartCount()).isZero();
        assertThat(APP.getLogs()).doesNotContain("OutOfMemoryError", "Terminating due to java.lang");
        assertThat(management.send(java.net.http.HttpRequest.newBuilder(management.uri("/actuator/health/liveness"))
                .timeout(Duration.ofSeconds(1)).GET()).status()).isEqualTo(200);
        assertThat(api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
    }

    private static void burst(TestHttp api, int concurrent, String path, String body, Map<Integer, Integer> statuses)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrent)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                answers.add(pool.submit(() -> api.postForStatus(path, body)));
            }
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
        }
    }
}
