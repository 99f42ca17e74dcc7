package io.nnmath.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem+json body. Our own record rather than Spring's {@code ProblemDetail}, so that
 * nothing is added behind our back (Spring would fill {@code instance} with the request's path,
 * echoing what the client sent).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, List<FieldError> errors) {

    static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status().value(), detail, errors);
    }
}
