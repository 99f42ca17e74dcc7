package io.nnmath.compute;

/**
 * The primitive operations every computation is built from, over slices {@code a[off .. off+len)}
 * of flat arrays. Two implementations: {@link ScalarKernels} (the readable reference) and
 * {@link VectorKernels} (JDK Vector API). No method modifies an argument except the one it names
 * as its destination or whose name ends in {@code InPlace}.
 */
public interface Kernels {

    /** "vector" or "scalar": the value of the {@code kernel} metric tag. */
    String name();

    /**
     * max_i a[i]; {@code len >= 1}. For finite entries: with a NaN the result may or may not be NaN
     * (every caller's next step, an exp of a - max, is NaN either way).
     */
    double max(double[] a, int off, int len);

    /** dst[i] = exp((src[i] - shift) * scale); returns sum_i dst[i]. */
    double expSum(double[] src, int srcOff, double[] dst, int dstOff, int len, double shift, double scale);

    /** a[i] *= factor. */
    void scaleInPlace(double[] a, int off, int len, double factor);

    /** dst[i] = (src[i] - shift) * scale - offset. */
    void shiftScale(double[] src, int srcOff, double[] dst, int dstOff, int len,
                    double shift, double scale, double offset);

    /** dst[i] = a[i] * (b[i] - shift) * scale. */
    void mulShifted(double[] a, int aOff, double[] b, int bOff, double[] dst, int dstOff, int len,
                    double shift, double scale);

    /** sum_i a[i] * b[i]. */
    double dot(double[] a, int aOff, double[] b, int bOff, int len);

    /** y[i] += alpha * x[i]. */
    void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len);

    /**
     * out[outOff + r * outStride] += dot(a_r, b) for the {@code count} rows a_r of length {@code len}
     * starting at {@code aOff + r * aStride}: one row b against a block of rows.
     */
    void addDots(double[] a, int aOff, int aStride, int count, double[] b, int bOff, int len,
              double[] out, int outOff, int outStride);

    /** dst[i] = tanh(src[i]). */
    void tanh(double[] src, int srcOff, double[] dst, int dstOff, int len);

    /** dst[i] = 1 / (1 + exp(-src[i])). */
    void sigmoid(double[] src, int srcOff, double[] dst, int dstOff, int len);

    /** True when every a[i] is finite (neither infinite nor NaN). */
    boolean allFinite(double[] a, int off, int len);
}
