package io.nnmath.tensor;

import io.nnmath.compute.Matrix;
import io.nnmath.compute.Segments;

/**
 * A tensor in a response: row-major numbers with a {@code shape}, written as nested JSON arrays by
 * {@link TensorWriter} ({@code shape = []} is a single number). The numbers are one array, or, for
 * a long vector computed where the request's reader left it, the parts of a {@link Segments}.
 */
public final class Tensor {

    private final Segments values;
    private final int[] shape;

    public Tensor(double[] data, int... shape) {
        this(Segments.of(data), shape);
    }

    private Tensor(Segments values, int[] shape) {
        this.values = values;
        this.shape = shape;
    }

    /** The matrix at the rank of the request it answers: one row as a vector for rank 1. */
    public static Tensor of(Matrix m, int rank) {
        return rank == 1 ? new Tensor(m.data(), m.cols()) : new Tensor(m.data(), m.rows(), m.cols());
    }

    /** Rows {@code [from, from + count)} of a row-major array of rows {@code width} wide, as a [count][width] tensor. */
    public static Tensor rows(double[] data, int from, int count, int width) {
        return new Tensor(java.util.Arrays.copyOfRange(data, from * width, (from + count) * width), count, width);
    }

    /** A vector. */
    public static Tensor of(double[] values) {
        return new Tensor(values, values.length);
    }

    /** A vector in parts, not copied. */
    public static Tensor of(Segments values) {
        return new Tensor(values, new int[] {values.length()});
    }

    /** The numbers, row-major, in one array (a copy, for a vector in parts). */
    public double[] data() {
        return values.flat();
    }

    /** The numbers, row-major, in the parts they are held in. */
    public Segments segments() {
        return values;
    }

    public int[] shape() {
        return shape;
    }
}
