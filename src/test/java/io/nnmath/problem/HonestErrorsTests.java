package io.nnmath.problem;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.RawHttp;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.nnmath.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors say what happened: Tomcat's 501 and 505 have problem types of their own and are counted
 * under them, not as internal errors; a long field name is called that, and an unknown one is
 * echoed only as a short prefix.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HonestErrorsTests {

    static final Duration READ = Duration.ofSeconds(5);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void anUnknownTransferEncodingIs501NotImplemented() throws Exception {
        assertOwnType("POST /softmax HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: zip\r\n\r\n", 501,
                "not-implemented");
    }

    @Test
    void anUnknownHttpVersionIs505() throws Exception {
        assertOwnType("GET /v3/api-docs HTTP/1.2\r\nHost: localhost\r\n\r\n", 505, "http-version-not-supported");
    }

    private void assertOwnType(String request, int status, String type) throws Exception {
        double bugs = count("internal-error");
        try (RawHttp raw = new RawHttp(port, READ)) {
            String answer = raw.send(request).untilClosed();
            assertThat(answer).startsWith("HTTP/1.1 " + status).contains("https://nnmath.io/problems/" + type)
                    .doesNotContain("internal-error", "logged");
        }
        assertThat(count(type)).isPositive();
        assertThat(count("internal-error")).isEqualTo(bugs);
    }

    @Test
    void aFieldNameLongerThanAllowedIsCalledThat() {
        String name = "x".repeat(60_000);
        TestHttp.Answer answer = new TestHttp(port).post("/softmax", "{\"" + name + "\": 1}");
        String detail = problem(answer, 400, "malformed-json").path("detail").asString();
        assertThat(detail).contains("field name longer than").doesNotContain("number literal");
        assertThat(answer.body().length()).isLessThan(1_000);
    }

    @Test
    void anUnknownFieldIsEchoedOnlyAsAShortPrefix() {
        String name = "y".repeat(900);
        TestHttp.Answer answer = new TestHttp(port).post("/softmax", "{\"logits\": [1], \"" + name + "\": 1}");
        String pointer = problem(answer, 400, "wrong-type").path("errors").get(0).path("pointer").asString();
        assertThat(pointer).startsWith("/yyyy").endsWith("...").hasSize(1 + ProblemException.NAME_PREFIX + 3);
        assertThat(answer.body().length()).isLessThan(1_000);
    }

    private double count(String type) {
        return registry.find("nnmath.problems").tag("type", type).counters().stream().mapToDouble(c -> c.count())
                .sum();
    }
}
