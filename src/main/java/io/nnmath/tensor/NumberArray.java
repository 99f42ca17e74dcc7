package io.nnmath.tensor;

import io.nnmath.compute.Segments;

/** A nested JSON array of finite numbers (a tensor in a request). */
public final class NumberArray extends NestedArray {

    NumberArray(String pointer, double[] values, int[][] lengths) {
        super(pointer, values, lengths);
    }

    NumberArray(String pointer, Segments values, int[][] lengths) {
        super(pointer, values, lengths);
    }

    /** A rectangular tensor of {@code shape} over row-major {@code values}, as another protocol decoded it. */
    public static NumberArray of(String pointer, double[] values, int... shape) {
        return new NumberArray(pointer, values, rectangular(shape));
    }

    /** Arrays of lengths that may differ by row: {@code lengths[k][j]} is the j-th array's at depth k. */
    public static NumberArray ragged(String pointer, double[] values, int[][] lengths) {
        return new NumberArray(pointer, values, lengths);
    }

    /**
     * The numbers in document order, row-major for a rectangular array. Only the request's last
     * step may write into it: the softmax service computes its answer there, in place.
     */
    public double[] data() {
        return values();
    }

    /**
     * A rank-1 array as a vector, in the parts it was read into: a long one is not copied into one
     * array (the softmax service computes in place there). Other ranks are answered 422.
     */
    public Segments vector() {
        requireRank(1);
        return segments();
    }
}
