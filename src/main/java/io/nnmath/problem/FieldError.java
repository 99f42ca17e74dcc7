package io.nnmath.problem;

/** One invalid value: where it is in the request (a JSON Pointer) and what to change. */
public record FieldError(String pointer, String message) {
}
