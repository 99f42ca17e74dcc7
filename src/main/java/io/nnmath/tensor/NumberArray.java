package io.nnmath.tensor;

/** A nested JSON array of finite numbers (a tensor in a request). */
public final class NumberArray extends NestedArray {

    NumberArray(String pointer, double[] values, int[][] lengths) {
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
}
