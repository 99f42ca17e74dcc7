package io.nnmath.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.grpc.StatusRuntimeException;
import io.nnmath.HostileClientsTests;
import io.nnmath.TestHttp;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.oip.OipClient;
import io.nnmath.oip.OipGrpcClient;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static io.nnmath.container.NnMathContainers.API_PORT;
import static io.nnmath.container.NnMathContainers.GRPC_PORT;
import static io.nnmath.container.NnMathContainers.MANAGEMENT_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image as the Kubernetes Deployment runs it (768 MiB of memory, so a 461 MiB heap, 96 MiB of direct memory and
 * -XX:+ExitOnOutOfMemoryError) survives the bursts that killed it before admission by cost:
 * 64 concurrent 4 x 1024 Jacobians, then 32 concurrent LSTM backward passes at the work limit.
 * Only 200, 413 and 503 come back, nothing runs out of memory, the container never restarts.
 * Then a flood of 16 concurrent gRPC calls of 30 MB over one connection: their message bytes sit in
 * direct memory, on top of the heap, and the kernel killed the container for them before the gRPC
 * messages were charged as they arrive, within a quarter of -XX:MaxDirectMemorySize, and before the
 * image bounded that memory; and Netty's own limit on it ended the connection, some calls INTERNAL,
 * before large messages were shed while Netty has three quarters of it in use.
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

        Map<String, Integer> calls = grpcFlood(16, 30 << 20);
        System.out.println("BurstContainerTests: gRPC calls " + calls);
        var state = DockerClientFactory.instance().client().inspectContainerCmd(APP.getContainerId()).exec().getState();
        String logs = APP.getLogs();
        assertThat(state.getRunning()).as("running after the gRPC flood: %s; the log ends: %s", state,
                logs.substring(Math.max(0, logs.length() - 3000))).isTrue();
        assertThat(state.getOOMKilled()).isFalse();
        // Each is answered or shed with the service's own detail: none meets Netty's own limit on
        // direct memory, which ended the connection (a GOAWAY, INTERNAL to grpc-java, or a reset)
        int shed = calls.entrySet().stream().filter(e -> e.getKey().startsWith("UNAVAILABLE: the ")
                || e.getKey().startsWith("RESOURCE_EXHAUSTED: ")).mapToInt(Map.Entry::getValue).sum();
        assertThat(shed).as("calls shed with the service's detail, of %s", calls).isGreaterThanOrEqualTo(8);
        assertThat(calls.keySet()).allMatch(c -> c.equals("OK") || c.startsWith("UNAVAILABLE: the ")
                || c.startsWith("RESOURCE_EXHAUSTED: "), "answered, or shed with the service's detail");
        assertThat(APP.getLogs()).doesNotContain("OutOfMemoryError", "OutOfDirectMemoryError");
        try (OipGrpcClient grpc = new OipGrpcClient(APP.getMappedPort(GRPC_PORT))) {
            assertThat(grpc.infer("softmax", Map.of("logits", new OipClient.Tensor("FP64", new long[] {1, 3},
                    new double[] {1.43, -0.4, 0.23})), null, null, true)).containsKey("probabilities");
        }
    }

    /** {@code concurrent} ModelInfer calls of one softmax of {@code bytes} of logits; their status codes, counted. */
    private static Map<String, Integer> grpcFlood(int concurrent, int bytes) throws Exception {
        ModelInferRequest request = OipGrpcClient.request("softmax", Map.of("logits", new OipClient.Tensor("FP64",
                new long[] {1, bytes / 8}, new double[bytes / 8])), null, null, true);
        Map<String, Integer> codes = new TreeMap<>();
        try (OipGrpcClient grpc = new OipGrpcClient(APP.getMappedPort(GRPC_PORT));
                ExecutorService pool = Executors.newFixedThreadPool(concurrent)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                answers.add(pool.submit(() -> {
                    try {
                        grpc.stub().withDeadlineAfter(120, java.util.concurrent.TimeUnit.SECONDS).modelInfer(request);
                        return "OK";
                    } catch (StatusRuntimeException e) {
                        String detail = String.valueOf(e.getStatus().getDescription());
                        return e.getStatus().getCode().name() + ": " + detail.substring(0, Math.min(60, detail.length()));
                    }
                }));
            }
            for (Future<String> answer : answers) {
                codes.merge(answer.get(), 1, Integer::sum);
            }
        }
        return codes;
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
