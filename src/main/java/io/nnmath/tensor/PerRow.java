package io.nnmath.tensor;

/**
 * One answer per row, at the rank of the request: a rank-1 request (one row) gets the single
 * value, a rank-2 request the array.
 */
public final class PerRow {

    private PerRow() {
    }

    public static Object of(int[] values, int rank) {
        return rank == 1 ? values[0] : values;
    }

    public static Object of(String[] values, int rank) {
        return values == null ? null : rank == 1 ? values[0] : values;
    }

    public static Object of(double[] values, int rank) {
        return rank == 1 ? values[0] : values;
    }

    /** The name of each row's class, or null without names. */
    public static String[] names(int[] classes, String[] names) {
        if (names == null) {
            return null;
        }
        String[] result = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            result[i] = names[classes[i]];
        }
        return result;
    }
}
