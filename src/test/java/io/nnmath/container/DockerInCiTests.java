package io.nnmath.container;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The other container tests skip themselves where no Docker engine is reachable, which suits a
 * developer's machine; in CI (CI=true) that would hide them, so there it is a failure.
 */
class DockerInCiTests {

    static {
        NnMathContainers.quietLogs();
    }

    @Test
    void ciHasADockerEngine() {
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")), "not in CI");
        assertThat(DockerClientFactory.instance().isDockerAvailable())
                .as("CI=true but no Docker engine is reachable: the container tests would be skipped "
                        + "(.ci/run starts dockerd; see shared/CONTAINERS.md)")
                .isTrue();
    }
}
