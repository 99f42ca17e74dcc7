package io.nnmath.web;

/** A nested JSON array of finite numbers (a tensor in a request). */
public final class NumberArray extends NestedArray {

    NumberArray(String pointer, double[] values, int[][] lengths) {
        super(pointer, values, lengths);
    }

    /** The numbers in document order, row-major for a rectangular array. Do not write into it. */
    public double[] data() {
        return values();
    }
}
