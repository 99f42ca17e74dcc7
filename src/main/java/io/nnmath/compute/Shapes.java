package io.nnmath.compute;

import java.util.function.Supplier;

/** The core's own checks of the shapes it is called with: a wrong call is an IllegalArgumentException naming them. */
final class Shapes {

    private Shapes() {
    }

    /** {@code array} has exactly {@code length} entries; {@code what} names it and its shape (built only on failure). */
    static void require(double[] array, long length, Supplier<String> what) {
        if (array == null || array.length != length) {
            throw new IllegalArgumentException(what.get() + " must have " + length + " entries, not "
                    + (array == null ? "none (null)" : array.length));
        }
    }

    /** {@code array} is null (absent, as allowed) or has exactly {@code length} entries. */
    static void requireOptional(double[] array, long length, Supplier<String> what) {
        if (array != null) {
            require(array, length, what);
        }
    }

    static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }

    static void requireThat(boolean condition, Supplier<String> what) {
        if (!condition) {
            throw new IllegalArgumentException(what.get());
        }
    }
}
