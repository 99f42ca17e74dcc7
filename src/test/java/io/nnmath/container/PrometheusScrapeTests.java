package io.nnmath.container;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Prometheus scrapes the service as docker-compose.yml sets it up: the same
 * deploy/prometheus/prometheus.yml (with a 1 s interval), the service reachable as {@code nnmath}
 * on a network of its own; checked through Prometheus's HTTP API.
 *
 * <p>The Prometheus image is {@code -Dnnmath.prometheus-image=...}, else the environment variable
 * {@code PROMETHEUS_IMAGE}, else {@code nnmath/prometheus:latest} (deploy/images/build-local-images.sh).
 */
@Testcontainers(disabledWithoutDocker = true)
class PrometheusScrapeTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    // Declared before the containers: @Container fields start in declaration order and the
    // network must exist first. Closed (removed) after the containers stop.
    @Container
    static final NetworkResource NETWORK = new NetworkResource(Network.newNetwork());

    @Container
    static final GenericContainer<?> APP = NnMathContainers.app()
            .withNetwork(NETWORK.network()).withNetworkAliases("nnmath");

    @Container
    static final GenericContainer<?> PROMETHEUS = new GenericContainer<>(DockerImageName.parse(
            NnMathContainers.setting("nnmath.prometheus-image", "PROMETHEUS_IMAGE", "nnmath/prometheus:latest")))
            .withNetwork(NETWORK.network())
            .withCopyToContainer(Transferable.of(fastScrapeConfig()), "/etc/prometheus/prometheus.yml")
            .withCommand("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus")
            .withExposedPorts(9090)
            .waitingFor(Wait.forHttp("/-/ready").forPort(9090).forStatusCode(200));

    static TestHttp api;
    static TestHttp prometheus;

    @BeforeAll
    static void clients() {
        api = new TestHttp(APP.getMappedPort(NnMathContainers.API_PORT));
        prometheus = new TestHttp(PROMETHEUS.getMappedPort(9090));
    }

    @Test
    void scrapesTheServiceTarget() {
        JsonNode target = await("the nnmath target to be up", () -> {
            for (JsonNode t : get("/api/v1/targets").path("data").path("activeTargets")) {
                if (t.path("labels").path("job").asString().equals("nnmath")) {
                    return t;
                }
            }
            return null;
        }, t -> t.path("health").asString().equals("up"));
        assertThat(target.path("scrapeUrl").asString()).isEqualTo("http://nnmath:8081/actuator/prometheus");
    }

    @Test
    void hasTheLatencyHistogramOfTheSoftmaxEndpoint() {
        assertThat(api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
        JsonNode result = await("http_server_requests_seconds_bucket for /softmax",
                () -> query("http_server_requests_seconds_bucket{job=\"nnmath\",uri=\"/softmax\",status=\"200\"}"),
                r -> !r.isEmpty());
        assertThat(result.get(0).path("metric").path("le").asString()).isNotEmpty();
        JsonNode compute = await("nnmath_compute_seconds_count for softmax",
                () -> query("nnmath_compute_seconds_count{job=\"nnmath\",operation=\"softmax\"}"), r -> !r.isEmpty());
        assertThat(compute.get(0).path("metric").path("kernel").asString()).isEqualTo("vector");
    }

    @Test
    void evaluatesEveryQueryOfTheGrafanaDashboard() {
        List<String> expressions = NnMathContainers.dashboardExpressions();
        assertThat(expressions).isNotEmpty();
        for (String expr : expressions) {
            // Grafana's variables as the dashboard would fill them in for this Prometheus.
            query(expr.replace("$__rate_interval", "1m").replace("$job", "nnmath").replace("$instance", ".*"));
        }
    }

    private static JsonNode query(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static JsonNode get(String path) {
        TestHttp.Answer answer = prometheus.send(HttpRequest.newBuilder(prometheus.uri(path)).GET());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** Polls until {@code done} holds, for at most {@link #PATIENCE}; returns the last value. */
    private static <T> T await(String what, java.util.function.Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last != null && done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("waited " + PATIENCE.toSeconds() + " s for " + what + "; last answer: " + last
                + "\nPrometheus log:\n" + PROMETHEUS.getLogs());
    }

    /** deploy/prometheus/prometheus.yml with a 1 s scrape interval, so that the test waits little. */
    @SuppressWarnings("unchecked")
    static String fastScrapeConfig() {
        Yaml yaml = new Yaml();
        try {
            Map<String, Object> config = yaml.load(Files.readString(
                    NnMathContainers.projectDir().resolve("deploy/prometheus/prometheus.yml")));
            ((Map<String, Object>) config.get("global")).put("scrape_interval", "1s");
            return yaml.dump(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read deploy/prometheus/prometheus.yml", e);
        }
    }

    /** Lets the JUnit extension close the network after the containers on it have stopped. */
    record NetworkResource(Network network) implements org.testcontainers.lifecycle.Startable {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            network.close();
        }
    }
}
