package io.nnmath.compute;

/** The reference implementation of {@link Kernels}: plain loops, one element at a time. */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double max(double[] a, int off, int len) {
        double max = a[off];
        for (int i = off + 1; i < off + len; i++) {
            max = Math.max(max, a[i]);
        }
        return max;
    }

    @Override
    public double expSum(double[] src, int srcOff, double[] dst, int dstOff, int len, double shift, double scale) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double e = Math.exp((src[srcOff + i] - shift) * scale);
            dst[dstOff + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void scaleInPlace(double[] a, int off, int len, double factor) {
        for (int i = off; i < off + len; i++) {
            a[i] *= factor;
        }
    }

    @Override
    public void shiftScale(double[] src, int srcOff, double[] dst, int dstOff, int len,
                           double shift, double scale, double offset) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = (src[srcOff + i] - shift) * scale - offset;
        }
    }

    @Override
    public void mulShifted(double[] a, int aOff, double[] b, int bOff, double[] dst, int dstOff, int len,
                           double shift, double scale) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = a[aOff + i] * (b[bOff + i] - shift) * scale;
        }
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void addDots(double[] a, int aOff, int aStride, int count, double[] b, int bOff, int len,
                     double[] out, int outOff, int outStride) {
        for (int r = 0; r < count; r++) {
            out[outOff + r * outStride] += dot(a, aOff + r * aStride, b, bOff, len);
        }
    }

    @Override
    public void tanh(double[] src, int srcOff, double[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = Math.tanh(src[srcOff + i]);
        }
    }

    @Override
    public void sigmoid(double[] src, int srcOff, double[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = 1 / (1 + Math.exp(-src[srcOff + i]));
        }
    }

    @Override
    public boolean allFinite(double[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (!Double.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }
}
