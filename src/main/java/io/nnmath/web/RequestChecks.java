package io.nnmath.web;

import java.util.List;

import io.nnmath.compute.NonFiniteResultException;

/** Checks of request fields shared by several endpoints; each failure names the field. */
public final class RequestChecks {

    private RequestChecks() {
    }

    /** The value, or a 422 saying that {@code pointer} is required. */
    public static <T> T required(T value, String pointer) {
        if (value == null) {
            throw ProblemException.invalid(pointer, "is required");
        }
        return value;
    }

    /** The temperature T (default 1): a finite normal double > 0, so that 1/T is finite too. */
    public static double temperature(Double temperature, String pointer) {
        if (temperature == null) {
            return 1;
        }
        if (!Double.isFinite(temperature) || temperature < Double.MIN_NORMAL) {
            throw ProblemException.invalid(pointer, "must be a finite number of at least "
                    + Double.MIN_NORMAL + " (the smallest normal double)");
        }
        return temperature;
    }

    /** Class names, one per class, or null when none were sent. */
    public static String[] classNames(List<String> names, int classes, String pointer) {
        if (names == null) {
            return null;
        }
        if (names.size() != classes) {
            throw ProblemException.shape(pointer, "has " + names.size() + " names but there are " + classes
                    + " classes; send one name per class");
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                throw ProblemException.wrongType(pointer + "/" + i, "must be a string, not null");
            }
        }
        return names.toArray(String[]::new);
    }

    /** A 422 for a result entry that is not finite, at the input number it was computed from. */
    public static ProblemException notRepresentable(NonFiniteResultException e, NestedArray input) {
        String pointer = input.pointerOfValue(e.index());
        return ProblemException.of(ProblemType.NOT_REPRESENTABLE, pointer,
                "gives a " + e.quantity() + " that is not a finite double; the exact answer is out of range");
    }
}
