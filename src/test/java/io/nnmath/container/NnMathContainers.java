package io.nnmath.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import io.nnmath.TestHttp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import tools.jackson.databind.JsonNode;

/**
 * The service's image, built from the project's Dockerfile and the jar that {@code package} left
 * in target/, and containers of it for the tests in this package. The image is built once per
 * test JVM (Failsafe runs every class in one) and removed when that JVM ends.
 *
 * <p>The base image is {@code -Dnnmath.base-image=...}, else the environment variable
 * {@code NNMATH_BASE_IMAGE}, else {@code nnmath/jre:25}, the local base that
 * deploy/images/build-local-images.sh makes where no registry can be reached.
 */
final class NnMathContainers {

    static final int API_PORT = 8080;
    static final int MANAGEMENT_PORT = 8081;
    static final int GRPC_PORT = 8082;

    private static final Logger LOG = LoggerFactory.getLogger(NnMathContainers.class);
    private static final Pattern STARTED = Pattern.compile("Started NnMathApplication in ([0-9.]+) seconds");

    static {
        // No logback-test.xml is on the test class path, so logback would print every DEBUG line
        // of Testcontainers and docker-java; keep the build output readable.
        quietLogs();
    }

    /** A tag of its own, so that test runs side by side neither share nor remove each other's image. */
    private static final String IMAGE_NAME = "localhost/nnmath-test:" + Long.toHexString(System.nanoTime());

    private static final ImageFromDockerfile IMAGE = new ImageFromDockerfile(IMAGE_NAME, false)
            .withDockerfile(projectDir().resolve("Dockerfile"))
            .withBuildArg("BASE_IMAGE", setting("nnmath.base-image", "NNMATH_BASE_IMAGE", "nnmath/jre:25"));

    static {
        // Without Ryuk, Testcontainers' own clean-up prunes only untagged images: remove ours when
        // the test JVM ends, after the JUnit extension has removed the containers. (The untagged
        // image of the Dockerfile's extract stage is pruned by .ci/run, by its label.)
        Runtime.getRuntime().addShutdownHook(new Thread(NnMathContainers::removeImage, "nnmath-image-cleanup"));
    }

    private NnMathContainers() {
    }

    /** A not yet started container of the service, ready once its readiness probe answers UP. */
    static GenericContainer<?> app() {
        requireJar();
        return new GenericContainer<>(IMAGE)
                .withExposedPorts(API_PORT, MANAGEMENT_PORT, GRPC_PORT)
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(MANAGEMENT_PORT)
                        .forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** The start-up time the service logged ("Started NnMathApplication in X seconds"). */
    static String startupSeconds(GenericContainer<?> app) {
        Matcher m = STARTED.matcher(app.getLogs());
        return m.find() ? m.group(1) : "?";
    }

    /** The PromQL expressions of the Grafana dashboard (deploy/grafana/dashboards), as written there. */
    static List<String> dashboardExpressions() {
        try {
            JsonNode dashboard = TestHttp.JSON.readTree(Files.readString(
                    projectDir().resolve("deploy/grafana/dashboards/nnmath-latency.json")));
            List<String> expressions = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    expressions.add(target.path("expr").asString());
                }
            }
            return expressions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A setting from a system property, else an environment variable, else a default. */
    static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The project directory (Surefire and Failsafe set basedir; the working directory otherwise). */
    static Path projectDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    static void quietLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.INFO);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.github.dockerjava")).setLevel(Level.WARN);
        }
    }

    private static void removeImage() {
        if (IMAGE.isDone()) {
            try {
                DockerClientFactory.lazyClient().removeImageCmd(IMAGE_NAME).withForce(true).exec();
            } catch (RuntimeException e) {
                System.err.println("could not remove the test image " + IMAGE_NAME + ": " + e.getMessage());
            }
        }
    }

    private static void requireJar() {
        try (Stream<Path> files = Files.list(projectDir().resolve("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("nnmath-.*\\.jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("the container tests need exactly one target/nnmath-*.jar "
                        + "(run them with `mvn verify`, after `package`), found " + jars);
            }
            LOG.info("Building the image from Dockerfile and {}", jars.getFirst().getFileName());
        } catch (IOException e) {
            throw new IllegalStateException("no target/ directory: run `mvn package` first", e);
        }
    }
}
