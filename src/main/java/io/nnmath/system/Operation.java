package io.nnmath.system;

import java.util.Locale;

/** Every operation the service computes: the {@code operation} tag of its meters, whichever protocol asked. */
public enum Operation {
    SOFTMAX, LOG_SOFTMAX, CROSS_ENTROPY, SQUARED_ERROR, COMPARE, SOFTMAX_GRADIENT, CROSS_ENTROPY_GRADIENT,
    RNN_FORWARD, RNN_BACKWARD, NETWORK_FORWARD;

    private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The meters' tag: {@code softmax}, {@code log-softmax}, ... (API.md, "Operations"). */
    public String tag() {
        return tag;
    }
}
