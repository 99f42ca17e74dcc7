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
    public boolean allFinite(double[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (!Double.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }
}
