package io.nnmath.problem;

import java.util.List;

import io.nnmath.compute.NonFiniteResultException;
import io.nnmath.tensor.NestedArray;

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

    /** Stacked layers: present, at least one, at most {@code max} (over the limit is a 413), none null. */
    public static <T> List<T> layers(List<T> layers, int max) {
        if (required(layers, "/layers").isEmpty()) {
            throw ProblemException.invalid("/layers", "must have at least one layer");
        }
        if (layers.size() > max) {
            throw ProblemException.tooLarge("/layers has " + layers.size() + " layers; the limit is " + max
                    + " (nnmath.limits.max-layers)");
        }
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k) == null) {
                throw ProblemException.wrongType("/layers/" + k, "must be an object (a layer), not null");
            }
        }
        return layers;
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

    /** Exactly one of two alternative fields: its value, or a 422 naming both. */
    public static <T> T exactlyOne(T first, String firstPointer, T second, String secondPointer) {
        if (first != null && second != null) {
            throw ProblemException.invalid(secondPointer, "cannot be sent with " + firstPointer + "; send one of them");
        }
        if (first == null && second == null) {
            throw ProblemException.invalid(firstPointer, "is required (or " + secondPointer + ")");
        }
        return first != null ? first : second;
    }

    /** A finite number in [min, max), or the default when absent. */
    public static double inRange(Double value, double fallback, double min, double max, String pointer) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= min && value < max)) {
            throw ProblemException.invalid(pointer, "must be at least " + min + " and below " + max);
        }
        return value;
    }

    /** One of {@code allowed}, or the first of them when absent. */
    public static String oneOf(String value, String pointer, String... allowed) {
        if (value == null) {
            return allowed[0];
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw ProblemException.invalid(pointer, "must be one of " + String.join(", ", allowed));
    }

    /**
     * One of an enum's constants, named in lower case ({@code "mean"} for MEAN), or {@code fallback}
     * when absent; the names offered are {@code allowed} (all constants when empty).
     */
    @SafeVarargs
    public static <E extends Enum<E>> E option(String value, String pointer, E fallback, E... allowed) {
        E[] choices = allowed.length > 0 ? allowed : fallback.getDeclaringClass().getEnumConstants();
        if (value == null) {
            return fallback;
        }
        for (E e : choices) {
            if (e.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                return e;
            }
        }
        throw ProblemException.invalid(pointer, "must be one of " + String.join(", ",
                java.util.Arrays.stream(choices).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList()));
    }

    /** A 422 for a result entry that is not finite, at the input number it was computed from (index -1: the whole input). */
    public static ProblemException notRepresentable(NonFiniteResultException e, NestedArray input) {
        String pointer = input == null ? "" : e.index() < 0 ? input.pointer() : input.pointerOfValue(e.index());
        return ProblemException.of(ProblemType.NOT_REPRESENTABLE, pointer,
                "gives a " + e.quantity() + " that is not a finite double; the exact answer is out of range");
    }
}
