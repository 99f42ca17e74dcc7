package io.nnmath.compute;

/**
 * A row-major matrix: element (r, c) is {@code data[r * cols + c]}. A vector is one row.
 * The record does not copy {@code data}. The compute classes write only into arrays they allocate
 * or that the caller passes as {@code out}; a caller that owns its input may pass the input's own
 * data there (the softmax service does, for its request's logits).
 */
public record Matrix(int rows, int cols, double[] data) {

    public Matrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape " + rows + " x " + cols + " does not match " + data.length + " elements");
        }
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    public double get(int row, int col) {
        return data[row * cols + col];
    }

    /** Offset of the first element of {@code row} in {@link #data()}. */
    public int offset(int row) {
        return row * cols;
    }

    /** A matrix of the same shape with new data. */
    public Matrix withData(double[] newData) {
        return new Matrix(rows, cols, newData);
    }
}
