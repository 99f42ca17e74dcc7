package io.nnmath.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/** Every kind of problem the API answers, each with a stable {@code type} URI (RFC 9457). */
public enum ProblemType {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "The HTTP request is malformed"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed-json", "The body is not well-formed JSON"),
    WRONG_TYPE(HttpStatus.BAD_REQUEST, "wrong-type", "A JSON value has the wrong type"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such endpoint"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "The request body arrived too slowly"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Only JSON answers are available"),
    LIMIT_EXCEEDED(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded", "The request is over a size limit"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "The body must be JSON"),
    INVALID_VALUE(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-value", "A value is invalid"),
    SHAPE_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "shape-mismatch", "A tensor has the wrong shape"),
    NOT_REPRESENTABLE(HttpStatus.UNPROCESSABLE_CONTENT, "not-representable",
            "The result is not a finite double"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "The service is saturated"),
    NOT_IMPLEMENTED(HttpStatus.NOT_IMPLEMENTED, "not-implemented",
            "The server does not implement what the request asks for"),
    HTTP_VERSION_NOT_SUPPORTED(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "http-version-not-supported",
            "The HTTP version is not supported"),
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
            case 408 -> REQUEST_TIMEOUT;
            case 413 -> LIMIT_EXCEEDED;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> OVERLOADED;
            case 505 -> HTTP_VERSION_NOT_SUPPORTED;
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
            case REQUEST_TIMEOUT -> "no byte of the request arrived for the time allowed (a body: "
                    + "nnmath.overload.body-idle-timeout; headers: server.tomcat.connection-timeout); send the whole "
                    + "request without pauses";
            case NOT_IMPLEMENTED -> "this method or transfer encoding is not implemented; send GET or POST, "
                    + "with Content-Length or chunked transfer encoding";
            case HTTP_VERSION_NOT_SUPPORTED -> "send HTTP/1.1 (or HTTP/1.0)";
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
