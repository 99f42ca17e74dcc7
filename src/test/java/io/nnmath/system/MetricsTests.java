package io.nnmath.system;

import java.net.http.HttpRequest;

import io.nnmath.TestHttp;
import io.nnmath.compute.Kernels;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After real requests, every meter API.md names is on /actuator/prometheus (management port) with
 * the right tags; and the management port exposes health, info and prometheus, nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Kernels kernels;

    TestHttp api;
    TestHttp management;

    @BeforeEach
    void clients() {
        api = new TestHttp(port);
        management = new TestHttp(managementPort);
    }

    String get(TestHttp http, String path, int status) {
        TestHttp.Answer answer = http.send(HttpRequest.newBuilder(http.uri(path)).GET());
        assertThat(answer.status()).as(path).isEqualTo(status);
        return answer.body();
    }

    @Test
    void exportsEveryNamedMeterWithItsTags() {
        assertThat(api.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
        assertThat(api.post("/loss/cross-entropy", "{\"logits\": [1.43, -0.4, 0.23], \"target\": 0}").status())
                .isEqualTo(200);
        assertThat(api.post("/softmax", "{\"logits\": [[1], [1, 2]]}").status()).isEqualTo(422);
        String metrics = get(management, "/actuator/prometheus", 200);
        String kernel = "kernel=\"" + kernels.name() + "\"";
        assertThat(metrics)
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/softmax\"[^}]*\\}")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/softmax\",le=\"1.0E-4\"\\}")
                .containsPattern("nnmath_compute_seconds_bucket\\{[^}]*" + kernel + "[^}]*operation=\"softmax\"")
                .containsPattern("nnmath_compute_seconds_count\\{[^}]*operation=\"cross-entropy\"")
                .containsPattern("nnmath_request_elements_count\\{[^}]*operation=\"softmax\"")
                .containsPattern("nnmath_request_elements_bucket\\{[^}]*operation=\"cross-entropy\"")
                .containsPattern("nnmath_problems_total\\{[^}]*status=\"422\"[^}]*type=\"shape-mismatch\"")
                .contains("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "process_cpu_usage", "jvm_threads_live_threads");
    }

    @Test
    void managementPortExposesHealthInfoAndPrometheusOnly() {
        assertThat(get(management, "/actuator/health", 200)).contains("\"status\":\"UP\"").doesNotContain("details");
        assertThat(get(management, "/actuator/health/liveness", 200)).contains("UP");
        assertThat(get(management, "/actuator/health/readiness", 200)).contains("UP");
        assertThat(get(management, "/actuator/info", 200)).contains("\"build\"", "\"name\":\"nnmath\"");
        for (String hidden : new String[] {"/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics",
                "/actuator/configprops", "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers",
                "/actuator/mappings", "/actuator/shutdown"}) {
            get(management, hidden, 404);
        }
        get(api, "/actuator/health", 404);
    }
}
