package io.nnmath.compute;

/**
 * A vector of {@code length} numbers held in parts, as a streaming reader gathers them, so that a
 * long one need not be copied into one array of its exact length (which would hold it twice for a
 * moment). Every part but the last holds {@link #PART} numbers; the last holds the rest, at most
 * as many, from its start (its array may be longer). A vector in one array is one part of its exact
 * length, however long. The record does not copy the parts; the core writes into them only where
 * a method says so.
 */
public record Segments(double[][] parts, int length) {

    /**
     * Numbers in every part but the last: 256 KB, a multiple of the core's blocks ({@link Softmax}),
     * so that a block never spans two parts, and under half of G1's smallest region, so that a part
     * is no humongous object.
     */
    public static final int PART = 32_768;

    public Segments {
        if (parts.length == 0 || length < 0) {
            throw new IllegalArgumentException("a vector in parts needs at least one part");
        }
        long before = (long) PART * (parts.length - 1);
        for (int p = 0; p < parts.length - 1; p++) {
            if (parts[p].length != PART) {
                throw new IllegalArgumentException("part " + p + " has " + parts[p].length + " numbers, not " + PART);
            }
        }
        if (parts.length > 1 && (length <= before || length - before > Math.min(PART, parts[parts.length - 1].length))
                || parts.length == 1 && length != parts[0].length) {
            throw new IllegalArgumentException(parts.length + " parts do not hold " + length + " numbers");
        }
    }

    /** One array, whole. */
    public static Segments of(double[] values) {
        return new Segments(new double[][] {values}, values.length);
    }

    /** Numbers in part {@code p}. */
    public int lengthOf(int p) {
        return p < parts.length - 1 ? PART : length - PART * (parts.length - 1);
    }

    /** The numbers in one array of the exact length: the single part itself, or a copy of the parts. */
    public double[] flat() {
        return parts.length == 1 ? parts[0] : concatenate(parts, length);
    }

    /**
     * The first {@code length} numbers of {@code arrays} end to end, laid out as parts are (every
     * array but the last {@link #PART} long), in one new array.
     */
    public static double[] concatenate(double[][] arrays, int length) {
        double[] all = new double[length];
        for (int p = 0; p < arrays.length; p++) {
            System.arraycopy(arrays[p], 0, all, p * PART, Math.min(arrays[p].length, length - p * PART));
        }
        return all;
    }

    @Override
    public String toString() {
        return "Segments[" + parts.length + " parts, " + length + " numbers]";
    }
}
