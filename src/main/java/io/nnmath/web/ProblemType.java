package io.nnmath.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/** Every kind of problem the API answers, each with a stable {@code type} URI (RFC 9457). */
public enum ProblemType {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "The HTTP request is malformed"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed-json", "The body is not well-formed JSON"),
    WRONG_TYPE(HttpStatus.BAD_REQUEST, "wrong-type", "A JSON value has the wrong type"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such endpoint"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Only JSON answers are available"),
    LIMIT_EXCEEDED(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded", "The request is over a size limit"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "The body must be JSON"),
    INVALID_VALUE(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-value", "A value is invalid"),
    SHAPE_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "shape-mismatch", "A tensor has the wrong shape"),
    NOT_REPRESENTABLE(HttpStatus.UNPROCESSABLE_CONTENT, "not-representable",
            "The result is not a finite double"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "The service is saturated"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    static final String BASE = "https://nnmath.io/problems/";

    private final HttpStatus status;
    private final URI uri;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.uri = URI.create(BASE + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** The generic kind of problem for a status that Spring MVC or the servlet container decided. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> LIMIT_EXCEEDED;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> OVERLOADED;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }

    /** What to change, for problems that have no more specific detail. */
    public String genericDetail() {
        return switch (this) {
            case NOT_FOUND -> "no endpoint has this path; the endpoints are listed at /v3/api-docs";
            case METHOD_NOT_ALLOWED -> "this endpoint does not take this method; see the Allow header";
            case NOT_ACCEPTABLE -> "answers are application/json (errors application/problem+json); accept one of them";
            case UNSUPPORTED_MEDIA_TYPE -> "send the body as application/json";
            case LIMIT_EXCEEDED -> "the request is over a size limit";
            case OVERLOADED -> "the service is saturated; retry after the time in the Retry-After header";
            case INTERNAL_ERROR -> "the service failed on this request; the failure is logged and counted";
            default -> "the request is not valid HTTP for this service";
        };
    }

    /** The last segment of the URI: the {@code type} tag of the {@code nnmath.problems} counter. */
    public String slug() {
        return uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
    }
}
