package io.nnmath.oip;

import io.nnmath.problem.ProblemException;


/** The tensor datatypes nnmath takes and gives: reals (FP64, FP32) and indices or lengths (INT64, INT32). */
public enum Datatype {
    FP64(8, true), FP32(4, true), INT64(8, false), INT32(4, false);

    private final int bytes;
    private final boolean real;

    Datatype(int bytes, boolean real) {
        this.bytes = bytes;
        this.real = real;
    }

    public int bytes() {
        return bytes;
    }

    public boolean real() {
        return real;
    }

    /** The datatype named {@code name}, or a 400 at {@code pointer}. */
    static Datatype parse(String name, String pointer) {
        if (name != null) {
            for (Datatype d : values()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
        }
        throw ProblemException.wrongType(pointer, "must be FP64 or FP32 (real tensors), or INT64 or INT32 (indices "
                + "and lengths), not " + (name == null ? "missing" : "'" + ProblemException.prefix(name) + "'"));
    }
}
