package io.nnmath.oip;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model answers: named tensors, reals (sent as the datatype of the request's real input)
 * or INT64 indices, each row-major with its shape.
 */
public final class OipOutputs {

    /** One output; {@code values} holds indices as whole numbers when {@code integers}. */
    public record Output(String name, boolean integers, long[] shape, double[] values) {
    }

    private final List<Output> outputs = new ArrayList<>();

    public OipOutputs real(String name, double[] values, long... shape) {
        outputs.add(new Output(name, false, shape, values));
        return this;
    }

    public OipOutputs indices(String name, int[] values, long... shape) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        outputs.add(new Output(name, true, shape, v));
        return this;
    }

    List<Output> all() {
        return outputs;
    }

    /** Shapes as OIP writes them. */
    public static long[] shape(int... dims) {
        long[] s = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = dims[i];
        }
        return s;
    }
}
