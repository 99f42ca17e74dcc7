package io.nnmath.web;

/** One invalid value: where it is in the request (a JSON Pointer) and what to change. */
public record FieldError(String pointer, String message) {
}
