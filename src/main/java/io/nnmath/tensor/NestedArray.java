package io.nnmath.tensor;

import java.util.Arrays;

import io.nnmath.compute.Cost;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Segments;
import io.nnmath.problem.ProblemException;
import io.nnmath.system.Admission;

/**
 * A JSON number or nested array of numbers, read straight into one flat array (see
 * {@link NestedArrayReader}). Every leaf sits at the same depth (the rank) and no array is empty;
 * the arrays of one depth may still differ in length (ragged), which {@link #matrix} and
 * {@link #shape} reject with the pointer of the first offender.
 */
public class NestedArray {

    private final String pointer;
    private Segments values;   // in one part, unless a long vector that the reader gathered in parts
    private final int[][] lengths;

    /** {@code lengths[k][j]}: the length of the j-th array at depth k, in document order. */
    NestedArray(String pointer, double[] values, int[][] lengths) {
        this(pointer, Segments.of(values), lengths);
    }

    NestedArray(String pointer, Segments values, int[][] lengths) {
        this.pointer = pointer;
        this.values = values;
        this.lengths = lengths;
    }

    /** The lengths of a rectangular array of {@code shape}: one array at depth 0, then each row's. */
    static int[][] rectangular(int... shape) {
        int[][] lengths = new int[shape.length][];
        int arrays = 1;
        for (int k = 0; k < shape.length; k++) {
            lengths[k] = new int[arrays];
            Arrays.fill(lengths[k], shape[k]);
            arrays = Math.multiplyExact(arrays, shape[k]);
        }
        return lengths;
    }

    /** The JSON Pointer of this value in the request, e.g. {@code /logits}. */
    public String pointer() {
        return pointer;
    }

    public int rank() {
        return lengths.length;
    }

    /** How many numbers. */
    public int size() {
        return values.length();
    }

    /**
     * The numbers in document order, in one array (see {@link NumberArray#data()} on writing into
     * them). A vector held in parts is copied into one the first time, charged to the request, and
     * its parts let go.
     */
    double[] values() {
        if (values.parts().length > 1) {
            values = Segments.of(gathered(values.parts(), values.length()));
        }
        return values.parts()[0];
    }

    /**
     * The first {@code length} numbers of {@code arrays}, laid out as a {@link Segments}' parts, in
     * one new array charged to the request; the arrays, which it no longer holds, are uncharged.
     */
    static double[] gathered(double[][] arrays, int length) {
        Admission.charge(Cost.doubleBytes(length));
        double[] all = Segments.concatenate(arrays, length);
        long held = 0;
        for (double[] array : arrays) {
            held += Cost.doubleBytes(array.length);
        }
        Admission.uncharge(held);
        return all;
    }

    /** The numbers in document order, in the parts they were read into (see {@link NumberArray#vector()}). */
    Segments segments() {
        return values;
    }

    /** How many arrays sit at {@code depth} (1 at depth 0). */
    public int arraysAt(int depth) {
        return lengths[depth].length;
    }

    /** Length of the {@code index}-th array at {@code depth}. */
    public int lengthAt(int depth, int index) {
        return lengths[depth][index];
    }

    /** The shape, when every array at each depth has the same length; otherwise a 422 naming the first that differs. */
    public int[] shape() {
        int[] shape = new int[rank()];
        for (int depth = 0; depth < rank(); depth++) {
            shape[depth] = uniformLength(depth);
        }
        return shape;
    }

    /** The common length of the arrays at {@code depth}, or a 422 at the first one whose length differs. */
    public int uniformLength(int depth) {
        int[] at = lengths[depth];
        if (at.length == 0) {
            throw ProblemException.shape(pointer, "has no elements; send at least one");
        }
        for (int j = 1; j < at.length; j++) {
            if (at[j] != at[0]) {
                throw ProblemException.shape(pointerOf(depth, j),
                        "has " + at[j] + " elements where " + pointerOf(depth, 0) + " has " + at[0]
                                + "; every row must have the same length");
            }
        }
        return at[0];
    }

    /**
     * As a matrix: rank 2 is {@code [rows][cols]}, rank 1 one row. Other ranks, and ragged rows,
     * are answered 422.
     */
    public Matrix matrix() {
        requireRank(1, 2);
        int[] shape = shape();
        return rank() == 1 ? new Matrix(1, shape[0], values()) : new Matrix(shape[0], shape[1], values());
    }

    /** A 422 unless this has exactly the shape {@code dims}; {@code why} says where the shape comes from. */
    public void requireShape(String why, int... dims) {
        if (rank() != dims.length || !Arrays.equals(shape(), dims)) {
            throw ProblemException.shape(pointer, "must have shape " + Arrays.toString(dims) + " (" + why + "), not "
                    + (rank() == dims.length ? Arrays.toString(shape()) : describeRank(rank())));
        }
    }

    /** A 422 unless the rank is one of {@code allowed}. */
    public void requireRank(int... allowed) {
        for (int r : allowed) {
            if (r == rank()) {
                return;
            }
        }
        throw ProblemException.shape(pointer, "must be " + describeRanks(allowed) + ", not " + describeRank(rank()));
    }

    /** The JSON Pointer of row {@code row} of a rank-2 array, or of the whole array at rank 1. */
    public String pointerOfRow(int row) {
        return rank() == 1 ? pointer : pointerOf(1, row);
    }

    /**
     * As a matrix of exactly the shape of {@code like} (which is {@code other}'s, at {@code rank}),
     * or a 422 naming both shapes.
     */
    public Matrix matrixLike(Matrix like, int rank, String other) {
        int[] shape = rank() == rank ? shape() : null;
        int[] wanted = rank == 1 ? new int[] {like.cols()} : new int[] {like.rows(), like.cols()};
        if (!Arrays.equals(shape, wanted)) {
            throw ProblemException.shape(pointer, "must have the shape of " + other + ", " + Arrays.toString(wanted)
                    + (shape == null ? ", not " + describeRank(rank()) : ", not " + Arrays.toString(shape)));
        }
        return new Matrix(like.rows(), like.cols(), values());
    }

    /** The JSON Pointer of the {@code index}-th number, in document order. */
    public String pointerOfValue(int index) {
        return pointerOf(rank(), index);
    }

    /**
     * The JSON Pointer of the {@code index}-th element at {@code depth} (arrays for depth &lt; rank,
     * numbers at depth == rank): walk up, finding each ancestor's position in its parent.
     */
    String pointerOf(int depth, int index) {
        String[] segments = new String[depth];
        int j = index;
        for (int k = depth - 1; k >= 0; k--) {
            int parent = 0;
            int start = 0;
            while (start + lengths[k][parent] <= j) {
                start += lengths[k][parent++];
            }
            segments[k] = Integer.toString(j - start);
            j = parent;
        }
        return pointer + (depth == 0 ? "" : "/" + String.join("/", segments));
    }

    private static String describeRanks(int[] ranks) {
        return String.join(" or ", Arrays.stream(ranks).mapToObj(NestedArray::describeRank).toList());
    }

    static String describeRank(int rank) {
        return switch (rank) {
            case 0 -> "a single number";
            case 1 -> "an array of numbers";
            case 2 -> "an array of rows (rank 2)";
            default -> "a rank-" + rank + " array";
        };
    }
}
