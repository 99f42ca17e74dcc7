package io.nnmath.system;

import java.net.http.HttpRequest;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up runs before readiness: by the time the context has started (and readiness says
 * UP), every workload has been answered 200 at least once and was sent until steady or until its
 * share of the time bound ran out. (How much faster the first request gets is measured by
 * scripts/start-spread.sh, not asserted here.) The properties are HostileClientsTests', so that the
 * two share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nnmath.overload.memory-budget=256MB", "nnmath.warmup.enabled=true", "nnmath.warmup.max-time=8s"})
class WarmUpTests {

    @Autowired
    WarmUp warmUp;

    @LocalManagementPort
    int managementPort;

    @Test
    void everyHotPathWasWarmedBeforeReadiness() {
        assertThat(warmUp.report()).hasSize(WarmUp.workloads().size() + 1); // and the gRPC softmax
        assertThat(warmUp.report()).extracting(WarmUp.Warmed::name).contains("softmax 65536", "lstm backward",
                "gru forward", "jacobian 4x256", "network 2000x4", "oip binary softmax FP32", "grpc softmax 65536");
        assertThat(warmUp.report()).allSatisfy(w -> assertThat(w.rounds()).isPositive());
        TestHttp management = new TestHttp(managementPort);
        assertThat(management.send(HttpRequest.newBuilder(management.uri("/actuator/health/readiness")).GET())
                .body()).contains("UP");
    }
}
