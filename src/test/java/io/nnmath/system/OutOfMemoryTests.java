package io.nnmath.system;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nnmath.problem.OutOfMemoryAnswer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Should an OutOfMemoryError happen anyway, however it reaches the admission filter (thrown, or
 * wrapped by Spring MVC), its request gets a 503 with Retry-After and Connection: close, the error
 * is counted, and the request's memory goes back to the budget.
 */
class OutOfMemoryTests {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final OverloadProperties overload = new OverloadProperties(DataSize.ofMegabytes(64), 0.5, Duration.ofMillis(10),
            Duration.ofSeconds(3), Duration.ofSeconds(30), DataSize.ofKilobytes(32), Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofSeconds(5));
    final Limits limits = new Limits(DataSize.ofMegabytes(32), 4_194_304, 32, 100, 1024, 100_000, 4096, 16,
            1_000_000_000L);
    final Admission admission = new Admission(overload, registry);
    final AdmissionFilter filter = new AdmissionFilter(admission, overload, limits,
            new OutOfMemoryAnswer(registry, overload));

    @Test
    void anOutOfMemoryErrorIsA503ThatClosesTheConnection() throws Exception {
        assertAnswered(503, (request, response) -> {
            Admission.charge(1 << 20);
            throw new OutOfMemoryError("Java heap space");
        });
    }

    @Test
    void oneWrappedBySpringMvcIsTooAndOtherFailuresPassThrough() throws Exception {
        assertAnswered(503, (request, response) -> {
            throw new ServletException("Handler dispatch failed", new OutOfMemoryError("Java heap space"));
        });
        MockHttpServletResponse response = new MockHttpServletResponse();
        FilterChain failing = (request, r) -> {
            throw new IllegalStateException("a bug");
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter.doFilter(post(), response, failing))
                .isInstanceOf(IllegalStateException.class);
    }

    private void assertAnswered(int status, FilterChain chain) throws Exception {
        double before = registry.counter("nnmath.problems", "status", "503", "type", "overloaded").count();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(post(), response, chain);
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":503", "ran out of memory");
        assertThat(registry.counter("nnmath.problems", "status", "503", "type", "overloaded").count())
                .isEqualTo(before + 1);
        assertThat(admission.budget().used()).isZero();
    }

    private static MockHttpServletRequest post() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/softmax");
        request.setContentType("application/json");
        request.setContent("{\"logits\": [1]}".getBytes());
        return request;
    }
}
