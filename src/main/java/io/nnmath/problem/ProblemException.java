package io.nnmath.problem;

import java.util.List;

/**
 * A client's mistake, answered as problem+json. Thrown without a stack trace: it is an answer,
 * not a failure to investigate.
 */
public final class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException of(ProblemType type, String pointer, String message) {
        return new ProblemException(type, detailOf(pointer, message), List.of(new FieldError(pointer, message)));
    }

    /** 422 invalid-value at {@code pointer}. */
    public static ProblemException invalid(String pointer, String message) {
        return of(ProblemType.INVALID_VALUE, pointer, message);
    }

    /** 422 shape-mismatch at {@code pointer}. */
    public static ProblemException shape(String pointer, String message) {
        return of(ProblemType.SHAPE_MISMATCH, pointer, message);
    }

    /** 400 wrong-type at {@code pointer}. */
    public static ProblemException wrongType(String pointer, String message) {
        return of(ProblemType.WRONG_TYPE, pointer, message);
    }

    /** 413 limit-exceeded; {@code detail} names the limit and its configuration property. */
    public static ProblemException tooLarge(String detail) {
        return new ProblemException(ProblemType.LIMIT_EXCEEDED, detail, List.of());
    }

    /** 503 overloaded: no room now; the answer carries Retry-After. */
    public static ProblemException overloaded(String detail) {
        return new ProblemException(ProblemType.OVERLOADED, detail, List.of());
    }

    /** 408 request-timeout: the body arrived too slowly. */
    public static ProblemException timedOut(String detail) {
        return new ProblemException(ProblemType.REQUEST_TIMEOUT, detail, List.of());
    }

    /** A client's name, cut to a short prefix so that an answer never echoes much of the request. */
    public static String prefix(String name) {
        return name.length() <= NAME_PREFIX ? name : name.substring(0, NAME_PREFIX) + "...";
    }

    /** Field names are cut to this many characters where an answer names them. */
    public static final int NAME_PREFIX = 64;

    static String detailOf(String pointer, String message) {
        return (pointer.isEmpty() ? "the body" : pointer) + " " + message;
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
