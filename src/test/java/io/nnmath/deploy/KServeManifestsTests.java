package io.nnmath.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static io.nnmath.deploy.KubernetesManifestsTests.PROJECT;
import static io.nnmath.deploy.KubernetesManifestsTests.at;
import static io.nnmath.deploy.KubernetesManifestsTests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KServe manifests in deploy/kserve agree with the application and with deploy/k8s: the
 * ServingRuntime speaks OIP v2 on the ports of application.yaml, probes endpoints that exist (the
 * actuator's health groups, or OIP paths of openapi/openapi.yaml), and starts, sizes and secures the
 * container exactly as the Deployment does; the InferenceService picks that runtime.
 */
class KServeManifestsTests {

    static final String LIVENESS = "/health/liveness";
    static final String READINESS = "/health/readiness";

    static Map<String, Object> runtime;
    static Map<String, Object> inferenceService;
    /** The OIP paths (under /v2) that openapi/openapi.yaml documents. */
    static Set<String> oipPaths;

    @BeforeAll
    static void load() throws IOException {
        // application.yaml's ports and actuator base path, and the deploy/k8s manifests.
        KubernetesManifestsTests.load();

        List<Map<String, Object>> manifests = new ArrayList<>();
        try (var files = Files.list(PROJECT.resolve("deploy/kserve"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    manifests.add(map(doc));
                }
            }
        }
        runtime = kind(manifests, "ServingRuntime");
        inferenceService = kind(manifests, "InferenceService");

        Map<String, Object> openapi = new Yaml().load(Files.readString(PROJECT.resolve("openapi/openapi.yaml")));
        oipPaths = new TreeSet<>();
        for (String path : map(openapi.get("paths")).keySet()) {
            if (path.equals("/v2") || path.startsWith("/v2/")) {
                oipPaths.add(path);
            }
        }
        assertThat(oipPaths).as("OIP paths in openapi/openapi.yaml")
                .contains("/v2/health/live", "/v2/health/ready", "/v2/models/{model}/infer");
    }

    // --- the ServingRuntime

    @Test
    void runtimeServesTheNnmathFormatOverOipV2() {
        assertThat(runtime.get("apiVersion")).isEqualTo("serving.kserve.io/v1alpha1");
        assertThat(at(runtime, "metadata", "name")).isEqualTo("nnmath");
        assertThat(list(at(runtime, "spec", "protocolVersions"))).as("protocolVersions").contains("v2");
        List<Object> formats = list(at(runtime, "spec", "supportedModelFormats"));
        assertThat(formats).as("supportedModelFormats").isNotEmpty();
        assertThat(formats).anySatisfy(f -> {
            assertThat(map(f).get("name")).isEqualTo("nnmath");
            assertThat(map(f).get("version")).isEqualTo("1");
            assertThat(map(f).get("autoSelect")).isEqualTo(true);
        });
    }

    @Test
    void containerPortsAreTheApplicationPorts() {
        List<Object> ports = list(at(container(), "ports"));
        assertThat(ports).as("ports").isNotEmpty();
        // KServe sends inference to the first port (the predictor Service's port 80): the API port.
        Map<String, Object> first = map(ports.getFirst());
        assertThat(first.get("name")).isEqualTo("http1");
        assertThat(first.get("containerPort")).isEqualTo(KubernetesManifestsTests.serverPort);
        List<Object> numbers = ports.stream().map(p -> map(p).get("containerPort")).toList();
        assertThat(numbers).containsExactlyInAnyOrder(KubernetesManifestsTests.serverPort,
                KubernetesManifestsTests.managementPort);
    }

    @Test
    void everyProbeAsksAHealthEndpointThatExists() {
        String actuator = KubernetesManifestsTests.actuator;
        Map<String, String> probes = Map.of("startupProbe", "live", "livenessProbe", "live", "readinessProbe", "ready");
        List<String> checked = new ArrayList<>();
        for (var probe : probes.entrySet()) {
            Object get = at(container(), probe.getKey(), "httpGet");
            if (get == null) {
                assertThat(probe.getKey()).as("an optional probe").isEqualTo("startupProbe");
                assertThat(at(container(), "startupProbe")).as("startupProbe without httpGet").isNull();
                continue;
            }
            String path = (String) map(get).get("path");
            int port = port(map(get).get("port"));
            boolean live = probe.getValue().equals("live");
            if (port == KubernetesManifestsTests.managementPort) {
                assertThat(path).as(probe.getKey()).isEqualTo(actuator + (live ? LIVENESS : READINESS));
            } else {
                assertThat(port).as(probe.getKey() + " port").isEqualTo(KubernetesManifestsTests.serverPort);
                assertThat(path).as(probe.getKey()).isIn(oipPaths).isEqualTo(live ? "/v2/health/live" : "/v2/health/ready");
            }
            checked.add(probe.getKey());
        }
        assertThat(checked).contains("livenessProbe", "readinessProbe");
    }

    @Test
    void startsLikeTheDeploymentWithTheVectorApiFlag() {
        Map<String, Object> deployed = KubernetesManifestsTests.container();
        List<Object> command = list(at(container(), "command"));
        assertThat(command).isNotEmpty().contains(KubernetesManifestsTests.vectorApiFlag());
        assertThat(command).isEqualTo(list(deployed.get("command")));
        assertThat(at(container(), "args")).isEqualTo(deployed.get("args"));
        assertThat(at(container(), "image")).isNotNull().isEqualTo(deployed.get("image"));
    }

    @Test
    void sizedAndSecuredLikeTheDeployment() {
        Map<String, Object> deployed = KubernetesManifestsTests.container();
        Map<String, Object> pod = map(at(KubernetesManifestsTests.deployment(), "spec", "template", "spec"));
        assertThat(at(container(), "resources")).isNotNull().isEqualTo(deployed.get("resources"));
        assertThat(at(container(), "lifecycle")).isEqualTo(deployed.get("lifecycle"));

        // The Deployment's container and pod security settings, all on the runtime's container ...
        Map<String, Object> security = map(at(container(), "securityContext"));
        Map<String, Object> deployedSecurity = map(deployed.get("securityContext"));
        Map<String, Object> podSecurity = map(pod.get("securityContext"));
        assertThat(deployedSecurity).isNotEmpty();
        assertThat(podSecurity).isNotEmpty();
        assertThat(security).containsAllEntriesOf(deployedSecurity).containsAllEntriesOf(podSecurity);
        // ... and the pod's also on the InferenceService's predictor, the one place for a pod's.
        assertThat(map(at(predictor(), "securityContext"))).containsAllEntriesOf(podSecurity);
        assertThat(predictor().get("terminationGracePeriodSeconds")).isEqualTo(pod.get("terminationGracePeriodSeconds"));

        // A read-only root file system needs the same writable /tmp.
        assertThat(list(at(container(), "volumeMounts"))).isNotEmpty().isEqualTo(deployed.get("volumeMounts"));
        assertThat(list(at(runtime, "spec", "volumes"))).isNotEmpty().isEqualTo(pod.get("volumes"));
    }

    @Test
    void podsAreScrapedLikeTheDeployment() {
        Map<String, Object> annotations = map(at(KubernetesManifestsTests.deployment(), "spec", "template", "metadata",
                "annotations"));
        assertThat(annotations).isNotEmpty();
        assertThat(map(at(runtime, "spec", "annotations"))).containsAllEntriesOf(annotations);
    }

    // --- the InferenceService

    @Test
    void inferenceServiceUsesTheRuntimeAndItsFormatOverV2() {
        assertThat(inferenceService.get("apiVersion")).isEqualTo("serving.kserve.io/v1beta1");
        assertThat(at(inferenceService, "metadata", "name")).isEqualTo("nnmath");
        Map<String, Object> model = map(predictor().get("model"));
        assertThat(model.get("runtime")).isNotNull().isEqualTo(at(runtime, "metadata", "name"));
        assertThat(model.get("protocolVersion")).isEqualTo("v2");
        assertThat(list(at(runtime, "spec", "protocolVersions"))).contains(model.get("protocolVersion"));

        Map<String, Object> format = map(model.get("modelFormat"));
        List<Object> formats = list(at(runtime, "spec", "supportedModelFormats"));
        assertThat(formats).isNotEmpty();
        assertThat(formats).as("the runtime's supportedModelFormats").anySatisfy(f -> {
            assertThat(map(f).get("name")).isEqualTo(format.get("name"));
            if (format.get("version") != null) {
                assertThat(map(f).get("version")).isEqualTo(format.get("version"));
            }
        });
        assertThat(format.get("name")).isEqualTo("nnmath");
        // nnmath has no model files: no storage-initializer.
        assertThat(model).doesNotContainKeys("storageUri", "storage");
    }

    @Test
    void runsAsPlainKubernetesObjectsBecauseOfTheSecondPort() {
        // Knative allows one container port and probes on it only; the management port needs the raw mode.
        assertThat(list(at(container(), "ports"))).hasSizeGreaterThan(1);
        assertThat(at(inferenceService, "metadata", "annotations", "serving.kserve.io/deploymentMode"))
                .isIn("RawDeployment", "Standard");
    }

    // --- helpers

    static Map<String, Object> kind(List<Map<String, Object>> manifests, String kind) {
        List<Map<String, Object>> found = manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    /** The runtime's one container, the one KServe merges the predictor into. */
    static Map<String, Object> container() {
        List<Object> containers = list(at(runtime, "spec", "containers"));
        assertThat(containers).hasSize(1);
        Map<String, Object> container = map(containers.getFirst());
        assertThat(container.get("name")).isEqualTo("kserve-container");
        return container;
    }

    static Map<String, Object> predictor() {
        return map(at(inferenceService, "spec", "predictor"));
    }

    /** A port of the runtime's container, by number or by name. */
    static int port(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        for (Object p : list(at(container(), "ports"))) {
            if (port.equals(map(p).get("name"))) {
                return (Integer) map(p).get("containerPort");
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
