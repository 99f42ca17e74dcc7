package io.nnmath.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An RFC 9457 problem+json body. Our own record rather than Spring's {@code ProblemDetail}, so that
 * nothing is added behind our back (Spring would fill {@code instance} with the request's path,
 * echoing what the client sent).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, List<FieldError> errors, String error) {

    /** Counts one answer in {@code nnmath.problems}, tagged by status and type, on any protocol. */
    public static void count(MeterRegistry registry, ProblemType type) {
        registry.counter("nnmath.problems", "status", Integer.toString(type.status().value()), "type", type.slug())
                .increment();
    }

    static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status().value(), detail, errors, null);
    }

    /**
     * As answered to a request for {@code path}: under {@code /v2}, the Open Inference Protocol's,
     * with its {@code error} member (the same text as {@code detail}), which is where its clients read.
     */
    Problem at(String path) {
        return isOip(path) ? new Problem(type, title, status, detail, errors, detail) : this;
    }

    /** Whether {@code path} is the Open Inference Protocol's ({@code /v2} and below). */
    static boolean isOip(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
    }
}
