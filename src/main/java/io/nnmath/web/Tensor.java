package io.nnmath.web;

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

    /** A vector. */
    public static Tensor of(double[] values) {
        return new Tensor(values, values.length);
    }
}
