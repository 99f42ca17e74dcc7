package io.nnmath.oip;

import java.util.Arrays;

import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;


/**
 * One input tensor as decoded from an inference request, JSON or binary: its values widened to
 * float64 in row-major order. {@code at} is its JSON Pointer in the request header
 * ({@code /inputs/2}); errors about its values point at {@code at + "/data"}.
 */
public record OipTensor(String name, Datatype datatype, int[] shape, double[] data, String at) {

    /** As a real tensor for the capability's checks and core, or a 400 if it holds indices. */
    public NumberArray numbers() {
        if (!datatype.real()) {
            throw ProblemException.wrongType(at + "/datatype", "must be FP64 or FP32: " + name + " is a real tensor");
        }
        return NumberArray.of(at + "/data", data, shape);
    }

    /** The same values in another shape (of the same number of elements). */
    public NumberArray numbers(int... reshaped) {
        numbers();
        return NumberArray.of(at + "/data", data, reshaped);
    }

    /** As class indices (INT64 or INT32) of {@code reshaped}, or a 400 if it holds reals. */
    public IndexArray indices(int... reshaped) {
        requireIntegers();
        return IndexArray.of(at + "/data", data, reshaped);
    }

    /** A 400 unless this holds integers. */
    public void requireIntegers() {
        if (datatype.real()) {
            throw ProblemException.wrongType(at + "/datatype", "must be INT64 or INT32: " + name + " holds indices");
        }
    }

    /** The last axis' length: the classes of every row. */
    public int last() {
        requireRank(atLeastOne());
        return shape[shape.length - 1];
    }

    /** Every axis but the last, multiplied: the rows. */
    public int rows() {
        return shape.length == 0 ? 1 : data.length / Math.max(1, last());
    }

    /** The shape without its last axis; {@code [1]} for a vector. */
    public long[] leading() {
        if (shape.length <= 1) {
            return new long[] {1};
        }
        return OipOutputs.shape(Arrays.copyOf(shape, shape.length - 1));
    }

    /** As rows of the last axis, for any rank of at least 1: [rows][last]. */
    public NumberArray matrix() {
        requireRank(atLeastOne());
        if (last() == 0 && data.length == 0) {
            return numbers(rows(), 0);
        }
        return numbers(data.length / last(), last());
    }

    private int[] atLeastOne() {
        if (shape.length == 0) {
            throw ProblemException.of(io.nnmath.problem.ProblemType.BAD_REQUEST, at + "/shape",
                    "is [] (a single number); " + name + " needs at least one axis, the classes");
        }
        return new int[] {shape.length};
    }

    public long[] longShape() {
        return OipOutputs.shape(shape);
    }

    public int rank() {
        return shape.length;
    }

    /** A 400 unless this has the shape of {@code other}. */
    public void requireShapeOf(OipTensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw ProblemException.of(io.nnmath.problem.ProblemType.BAD_REQUEST, at + "/shape", "is "
                    + Arrays.toString(shape) + "; " + name + " must have the shape of " + other.name + ", "
                    + Arrays.toString(other.shape));
        }
    }

    /** A 400 unless the rank is one of {@code allowed}. */
    public void requireRank(int... allowed) {
        for (int r : allowed) {
            if (r == shape.length) {
                return;
            }
        }
        throw ProblemException.of(io.nnmath.problem.ProblemType.BAD_REQUEST, at + "/shape", "has rank " + shape.length
                + " (" + Arrays.toString(shape) + "); " + name + " takes rank " + Arrays.toString(allowed));
    }
}
