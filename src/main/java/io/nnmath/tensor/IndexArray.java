package io.nnmath.tensor;

import io.nnmath.compute.Segments;
import io.nnmath.problem.ProblemException;

/** A JSON integer or nested array of integers (class indices in a request). */
public final class IndexArray extends NestedArray {

    IndexArray(String pointer, double[] values, int[][] lengths) {
        super(pointer, values, lengths);
    }

    IndexArray(String pointer, Segments values, int[][] lengths) {
        super(pointer, values, lengths);
    }

    /** Indices of {@code shape} (integral values), as another protocol decoded them. */
    public static IndexArray of(String pointer, double[] values, int... shape) {
        return new IndexArray(pointer, values, rectangular(shape));
    }

    /** Arrays of lengths that may differ by row, as {@link NumberArray#ragged}. */
    public static IndexArray ragged(String pointer, double[] values, int[][] lengths) {
        return new IndexArray(pointer, values, lengths);
    }

    /**
     * The indices in document order, each checked to lie in {@code [0, bound)} (or to equal
     * {@code allowed}, e.g. an ignore index); otherwise a 422 at the first one that does not.
     */
    public int[] indicesBelow(int bound, Integer allowed) {
        double[] v = values();
        int[] result = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            boolean exempt = allowed != null && v[i] == allowed;
            if (!exempt && !(v[i] >= 0 && v[i] < bound)) {
                throw ProblemException.invalid(pointerOfValue(i),
                        "must be a class index from 0 to " + (bound - 1)
                                + (Math.abs(v[i]) < 1e15 ? ", not " + (long) v[i] : ""));
            }
            result[i] = (int) v[i];
        }
        return result;
    }
}
