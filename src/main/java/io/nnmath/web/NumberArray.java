package io.nnmath.web;

/** A nested JSON array of finite numbers (a tensor in a request). */
public final class NumberArray extends NestedArray {

    NumberArray(String pointer, double[] values, int[][] lengths) {
        super(pointer, values, lengths);
    }

    /**
     * The numbers in document order, row-major for a rectangular array. Only the request's last
     * step may write into it: the softmax service computes its answer there, in place.
     */
    public double[] data() {
        return values();
    }
}
