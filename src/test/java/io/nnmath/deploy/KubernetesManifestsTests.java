package io.nnmath.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files agree with the application: the Kubernetes manifests in deploy/k8s and the
 * Prometheus configuration use the ports of application.yaml, the actuator's health groups and
 * Prometheus endpoint, the Dockerfile's start command and user, and pom.xml's Vector API flag.
 */
class KubernetesManifestsTests {

    static final Path PROJECT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    static int serverPort;
    static int managementPort;
    static int grpcPort;
    static String actuator;
    static int shutdownSeconds;
    static List<Map<String, Object>> manifests;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = KubernetesManifestsTests.class.getResourceAsStream("/application.yaml")) {
            Map<String, Object> app = new Yaml().load(in);
            serverPort = (Integer) at(app, "server", "port");
            managementPort = (Integer) at(app, "management", "server", "port");
            grpcPort = (Integer) at(app, "spring", "grpc", "server", "port");
            Object basePath = at(app, "management", "endpoints", "web", "base-path");
            actuator = basePath == null ? "/actuator" : basePath.toString();
            Object shutdown = at(app, "spring", "lifecycle", "timeout-per-shutdown-phase");
            shutdownSeconds = shutdown == null ? 30 : Integer.parseInt(shutdown.toString().replaceAll("s$", ""));
            assertThat(at(app, "management", "endpoint", "health", "probes", "enabled")).isEqualTo(true);
            assertThat(at(app, "management", "endpoints", "web", "exposure", "include").toString())
                    .contains("health", "prometheus");
        }
        manifests = new ArrayList<>();
        try (var files = Files.list(PROJECT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    manifests.add(map(doc));
                }
            }
        }
    }

    @Test
    void containerPortsAreTheApplicationPorts() {
        assertThat(containerPort("http")).isEqualTo(serverPort);
        assertThat(containerPort("management")).isEqualTo(managementPort);
        assertThat(containerPort("grpc")).isEqualTo(grpcPort);
    }

    @Test
    void theImageExposesEveryPort() throws IOException {
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile());
        assertThat(expose.find()).isTrue();
        assertThat(expose.group(1).trim().split("\\s+")).containsExactlyInAnyOrder(String.valueOf(serverPort),
                String.valueOf(managementPort), String.valueOf(grpcPort));
    }

    @Test
    void livenessProbesAskTheActuatorOnTheManagementPort() {
        Map<String, Object> c = container();
        for (String probe : new String[] {"livenessProbe", "startupProbe"}) {
            assertThat(at(c, probe, "httpGet", "path")).as(probe).isEqualTo(actuator + "/health/liveness");
            assertThat(port(at(c, probe, "httpGet", "port"))).as(probe).isEqualTo(managementPort);
        }
    }

    @Test
    void readinessAsksTheGrpcHealthServiceOfTheInferenceService() {
        // OipGrpcHealth sets it from the readiness state, as /actuator/health/readiness reports it.
        assertThat(at(container(), "readinessProbe", "grpc", "port")).isEqualTo(grpcPort);
        assertThat(at(container(), "readinessProbe", "grpc", "service")).isEqualTo("inference.GRPCInferenceService");
    }

    @Test
    void scrapeAnnotationsPointAtThePrometheusEndpoint() {
        Map<String, Object> annotations = map(at(deployment(), "spec", "template", "metadata", "annotations"));
        assertThat(annotations.get("prometheus.io/scrape")).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/port")).isEqualTo(String.valueOf(managementPort));
        assertThat(annotations.get("prometheus.io/path")).isEqualTo(actuator + "/prometheus");
    }

    @Test
    void composePrometheusScrapesTheSameEndpoint() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(PROJECT.resolve("deploy/prometheus/prometheus.yml")));
        Map<String, Object> job = map(((List<?>) config.get("scrape_configs")).getFirst());
        assertThat(job.get("metrics_path")).isEqualTo(actuator + "/prometheus");
        assertThat(at(job, "static_configs").toString()).contains("nnmath:" + managementPort);
    }

    @Test
    void startsLikeTheImageWithTheVectorApiFlagAndAsItsUser() throws IOException {
        List<Object> command = List.copyOf((List<?>) at(container(), "command"));
        assertThat(command).contains(vectorApiFlag());
        assertThat(command).isEqualTo(dockerfileEntrypoint());
        assertThat(at(deployment(), "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(dockerfile()).contains("USER " + at(deployment(), "spec", "template", "spec", "securityContext",
                "runAsUser") + ":");
    }

    @Test
    void trainsTheAotCacheOnTheClassPathAndModulesTheImageRunsWith() throws IOException {
        // The JVM uses an AOT cache only with the class path and modules it was trained with.
        String joined = dockerfile().replaceAll("\\\\\\R\\s*", " ");
        Matcher training = Pattern.compile("(?m)^RUN java (.*-XX:AOTCacheOutput=(\\S+).*)$").matcher(joined);
        assertThat(training.find()).as("a training RUN with -XX:AOTCacheOutput in the Dockerfile").isTrue();
        List<Object> entrypoint = List.copyOf(dockerfileEntrypoint());
        assertThat(entrypoint).contains("-XX:AOTCache=" + training.group(2), vectorApiFlag());
        String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1).toString();
        assertThat(training.group(1)).contains(vectorApiFlag(), "-jar " + jar + " ", "--nnmath.warmup.exit=true");
    }

    @Test
    void givesGracefulShutdownTimeBeforeTheKill() {
        // Kubernetes counts the grace period from the start of preStop; Spring then needs its phase timeout.
        List<?> preStop = (List<?>) at(container(), "lifecycle", "preStop", "exec", "command");
        int pause = Integer.parseInt(preStop.getLast().toString());
        int grace = (Integer) at(deployment(), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat(grace).isGreaterThan(pause + shutdownSeconds);
    }

    @Test
    void hasResourceRequestsAndLimits() {
        assertThat(map(at(container(), "resources", "requests"))).containsKeys("cpu", "memory");
        assertThat(map(at(container(), "resources", "limits"))).containsKey("memory");
    }

    @Test
    void serviceExposesBothPortsOfThePods() {
        Map<String, Object> service = kind("Service");
        assertThat(at(service, "spec", "selector")).isEqualTo(podLabels());
        List<Integer> ports = new ArrayList<>();
        for (Object p : (List<?>) at(service, "spec", "ports")) {
            Map<String, Object> port = map(p);
            assertThat(port(port.get("targetPort"))).isEqualTo(port.get("port"));
            ports.add((Integer) port.get("port"));
        }
        assertThat(ports).containsExactlyInAnyOrder(serverPort, managementPort, grpcPort);
    }

    @Test
    void autoscalerAndDisruptionBudgetTargetTheDeployment() {
        Map<String, Object> hpa = kind("HorizontalPodAutoscaler");
        assertThat(at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(at(deployment(), "metadata", "name"));
        assertThat(at(hpa, "spec", "metrics").toString()).contains("name=cpu");
        assertThat(at(kind("PodDisruptionBudget"), "spec", "selector", "matchLabels")).isEqualTo(podLabels());
        assertThat(at(deployment(), "spec", "selector", "matchLabels")).isEqualTo(podLabels());
    }

    // --- the manifests

    static Map<String, Object> kind(String kind) {
        List<Map<String, Object>> found = manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    static Map<String, Object> deployment() {
        return kind("Deployment");
    }

    static Map<String, Object> podLabels() {
        return map(at(deployment(), "spec", "template", "metadata", "labels"));
    }

    static Map<String, Object> container() {
        List<?> containers = (List<?>) at(deployment(), "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return map(containers.getFirst());
    }

    /** The container port with this name. */
    static int containerPort(String name) {
        for (Object p : (List<?>) at(container(), "ports")) {
            if (name.equals(map(p).get("name"))) {
                return (Integer) map(p).get("containerPort");
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** A port given by number or by the name of a container port. */
    static int port(Object port) {
        return port instanceof Integer number ? number : containerPort(port.toString());
    }

    // --- the other files

    static String dockerfile() throws IOException {
        return Files.readString(PROJECT.resolve("Dockerfile"));
    }

    /** The Dockerfile's ENTRYPOINT (exec form), continuation lines joined. */
    static List<?> dockerfileEntrypoint() throws IOException {
        String joined = dockerfile().replaceAll("\\\\\\R\\s*", " ");
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$").matcher(joined);
        assertThat(m.find()).as("an exec-form ENTRYPOINT in the Dockerfile").isTrue();
        return TestHttp.JSON.readValue(m.group(1), List.class);
    }

    static String vectorApiFlag() {
        try {
            Matcher m = Pattern.compile("<vector\\.api\\.flag>(.+?)</vector\\.api\\.flag>")
                    .matcher(Files.readString(PROJECT.resolve("pom.xml")));
            assertThat(m.find()).as("vector.api.flag in pom.xml").isTrue();
            return m.group(1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- YAML trees

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    /** The value at this path of keys, or null where the path ends early. */
    static Object at(Map<String, Object> root, String... keys) {
        Object node = root;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }
}
