package io.nnmath.container;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.nnmath.GoldenCase;
import io.nnmath.TestHttp;
import io.nnmath.oip.GoldenOip;
import io.nnmath.oip.OipClient;
import io.nnmath.oip.OipGrpcClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static io.nnmath.ProblemAssertions.pointsAt;
import static io.nnmath.ProblemAssertions.problem;
import static io.nnmath.container.NnMathContainers.API_PORT;
import static io.nnmath.container.NnMathContainers.GRPC_PORT;
import static io.nnmath.container.NnMathContainers.MANAGEMENT_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image as a black box: built from the project's Dockerfile, started as it would be deployed,
 * and checked over HTTP only (reference cases, problem answers, the management port).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageTests {

    @Container
    static final GenericContainer<?> APP = NnMathContainers.app();

    static TestHttp api;
    static TestHttp management;

    @BeforeAll
    static void clients() {
        api = new TestHttp(APP.getMappedPort(API_PORT));
        management = new TestHttp(APP.getMappedPort(MANAGEMENT_PORT));
        System.out.println("nnmath container started in " + NnMathContainers.startupSeconds(APP) + " s (Spring's count)");
    }

    @Test
    void runsTheVectorKernelsAsANonRootUser() throws Exception {
        assertThat(APP.getLogs()).contains("Compute kernels: vector");
        ExecResult id = APP.execInContainer("id", "-u");
        assertThat(id.getStdout().strip()).isNotEqualTo("0");
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseMatchesPyTorch() {
        return GoldenCase.all().stream().map(c ->
                DynamicTest.dynamicTest(c.toString(), () -> {
                    TestHttp.Answer answer = api.post(c.endpoint(), c.request());
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    assertThat(c.mismatches(answer.json())).isEmpty();
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseMatchesPyTorchOverGrpc() {
        OipGrpcClient grpc = new OipGrpcClient(APP.getMappedPort(GRPC_PORT));
        return Stream.concat(GoldenCase.all().stream().map(c ->
                DynamicTest.dynamicTest(c + " (gRPC)", () -> {
                    GoldenOip oip = GoldenOip.of(c, "FP64", true);
                    Map<String, OipClient.Tensor> outputs = grpc.infer(oip.model(), oip.inputs(), oip.parameters(),
                            new ArrayList<>(oip.expected().keySet()), true);
                    assertThat(oip.mismatches(outputs, "FP64")).isEmpty();
                })), Stream.of(DynamicTest.dynamicTest("gRPC health, then the channel closes", () -> {
                    assertThat(HealthGrpc.newBlockingStub(grpc.channel()).check(HealthCheckRequest.newBuilder()
                            .setService("inference.GRPCInferenceService").build()).getStatus())
                            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                    grpc.close();
                })));
    }

    @Test
    void startsFromTheAotCacheTrainedAtBuild() throws Exception {
        assertThat(APP.execInContainer("test", "-s", "/app/nnmath.aot").getExitCode()).isZero();
    }

    @Test
    void answersProblems() {
        problem(api.post("/no-such-endpoint", "{}"), 404, "not-found");
        pointsAt(problem(api.post("/softmax", "{\"logits\": [[1, 2], [3, 4], [5]]}"), 422, "shape-mismatch"),
                "/logits/2");
        pointsAt(problem(api.post("/softmax", "{\"logits\": [1], \"temperature\": 0}"), 422, "invalid-value"),
                "/temperature");
    }

    @Test
    void keepsTheActuatorOffTheApiPort() {
        problem(api.send(HttpRequest.newBuilder(api.uri("/actuator/health")).GET()), 404, "not-found");
    }

    @Test
    void exposesHealthGroupsAndPrometheusMetricsOnTheManagementPort() {
        api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}");
        api.post("/softmax", "{}");
        for (String group : List.of("", "/liveness", "/readiness")) {
            TestHttp.Answer health = get(management, "/actuator/health" + group);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
        }
        TestHttp.Answer metrics = get(management, "/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains(
                "http_server_requests_seconds_bucket{", "uri=\"/softmax\"",
                "nnmath_compute_seconds_count{", "operation=\"softmax\"", "kernel=\"vector\"",
                "nnmath_request_elements", "nnmath_problems_total{", "type=\"invalid-value\"",
                "jvm_memory_used_bytes");
    }

    @Test
    void exposesEveryMetricTheGrafanaDashboardQueries() {
        api.post("/softmax", "{\"logits\": [1, 2]}");
        api.post("/softmax", "{\"logits\": []}");
        String metrics = get(management, "/actuator/prometheus").body();
        Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{").matcher(
                String.join("\n", NnMathContainers.dashboardExpressions()));
        Set<String> names = new TreeSet<>();
        while (selector.find()) {
            names.add(selector.group(1));
        }
        // Micrometer registers the GC pause timer at the first collection, which may not have happened yet.
        names.remove("jvm_gc_pause_seconds_sum");
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(metrics).contains("\n" + name + "{"));
    }

    @Test
    void passesItsOwnDockerHealthcheck() throws Exception {
        // Runs the image's HEALTHCHECK command now rather than waiting for Docker's interval.
        List<String> test = APP.getContainerInfo().getConfig().getHealthcheck().getTest();
        assertThat(test.getFirst()).isEqualTo("CMD");
        ExecResult result = APP.execInContainer(test.subList(1, test.size()).toArray(String[]::new));
        assertThat(result.getExitCode()).as(result.getStderr()).isZero();
        // ... and it does fail when nothing answers on the management port.
        String[] elsewhere = test.subList(1, test.size()).stream()
                .map(s -> s.replace("${MANAGEMENT_SERVER_PORT:-8081}", "1")).toArray(String[]::new);
        assertThat(Arrays.asList(elsewhere)).isNotEqualTo(test.subList(1, test.size()));
        assertThat(APP.execInContainer(elsewhere).getExitCode()).isNotZero();
    }

    private static TestHttp.Answer get(TestHttp http, String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).GET());
    }
}
