package io.nnmath.tensor;

import io.nnmath.compute.Matrix;

/**
 * A tensor in a response: row-major {@code data} with a {@code shape}, written as nested JSON
 * arrays by {@link TensorWriter} ({@code shape = []} is a single number).
 */
public record Tensor(double[] data, int... shape) {

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
}
