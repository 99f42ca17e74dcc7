package io.nnmath.compute;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the JDK Vector API. Every loop has one shape: a main loop of whole vectors up
 * to {@code SPECIES.loopBound(len)}, then a scalar tail. Only load this class when the module
 * {@code jdk.incubator.vector} is present ({@link KernelChoice} checks).
 */
public final class VectorKernels implements Kernels {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String toString() {
        return "vector (JDK Vector API, " + SPECIES.vectorBitSize() + "-bit, " + L + " doubles a vector)";
    }

    @Override
    public double max(double[] a, int off, int len) {
        // Two accumulators: one alone is bound by the latency of max, not by loads.
        int i = 0;
        double max = a[off];
        if (len >= 2 * L) {
            DoubleVector m0 = DoubleVector.fromArray(SPECIES, a, off);
            DoubleVector m1 = DoubleVector.fromArray(SPECIES, a, off + L);
            int bound = 2 * L * (len / (2 * L));
            for (i = 2 * L; i < bound; i += 2 * L) {
                m0 = m0.max(DoubleVector.fromArray(SPECIES, a, off + i));
                m1 = m1.max(DoubleVector.fromArray(SPECIES, a, off + i + L));
            }
            max = m0.max(m1).reduceLanes(VectorOperators.MAX);
        }
        for (; i < len; i++) {
            max = Math.max(max, a[off + i]);
        }
        return max;
    }

    @Override
    public double expSum(double[] src, int srcOff, double[] dst, int dstOff, int len, double shift, double scale) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector e = DoubleVector.fromArray(SPECIES, src, srcOff + i)
                    .sub(shift).mul(scale).lanewise(VectorOperators.EXP);
            e.intoArray(dst, dstOff + i);
            acc = acc.add(e);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            double e = Math.exp((src[srcOff + i] - shift) * scale);
            dst[dstOff + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void scaleInPlace(double[] a, int off, int len, double factor) {
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector.fromArray(SPECIES, a, off + i).mul(factor).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] *= factor;
        }
    }

    @Override
    public void shiftScale(double[] src, int srcOff, double[] dst, int dstOff, int len,
                           double shift, double scale, double offset) {
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector.fromArray(SPECIES, src, srcOff + i)
                    .sub(shift).mul(scale).sub(offset).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (src[srcOff + i] - shift) * scale - offset;
        }
    }

    @Override
    public void mulShifted(double[] a, int aOff, double[] b, int bOff, double[] dst, int dstOff, int len,
                           double shift, double scale) {
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector.fromArray(SPECIES, a, aOff + i)
                    .mul(DoubleVector.fromArray(SPECIES, b, bOff + i).sub(shift)).mul(scale)
                    .intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = a[aOff + i] * (b[bOff + i] - shift) * scale;
        }
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            acc = DoubleVector.fromArray(SPECIES, a, aOff + i)
                    .fma(DoubleVector.fromArray(SPECIES, b, bOff + i), acc);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector.fromArray(SPECIES, x, xOff + i)
                    .fma(a, DoubleVector.fromArray(SPECIES, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void dots(double[] a, int aOff, int aStride, int count, double[] b, int bOff, int len,
                     double[] out, int outOff, int outStride) {
        // Four rows at a time share each load of b: the recurrent step is bound by reading W_hh.
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            int a0 = aOff + r * aStride;
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int bound = SPECIES.loopBound(len);
            int i = 0;
            for (; i < bound; i += L) {
                DoubleVector w = DoubleVector.fromArray(SPECIES, b, bOff + i);
                s0 = DoubleVector.fromArray(SPECIES, a, a0 + i).fma(w, s0);
                s1 = DoubleVector.fromArray(SPECIES, a, a0 + aStride + i).fma(w, s1);
                s2 = DoubleVector.fromArray(SPECIES, a, a0 + 2 * aStride + i).fma(w, s2);
                s3 = DoubleVector.fromArray(SPECIES, a, a0 + 3 * aStride + i).fma(w, s3);
            }
            double d0 = s0.reduceLanes(VectorOperators.ADD);
            double d1 = s1.reduceLanes(VectorOperators.ADD);
            double d2 = s2.reduceLanes(VectorOperators.ADD);
            double d3 = s3.reduceLanes(VectorOperators.ADD);
            for (; i < len; i++) {
                double w = b[bOff + i];
                d0 += a[a0 + i] * w;
                d1 += a[a0 + aStride + i] * w;
                d2 += a[a0 + 2 * aStride + i] * w;
                d3 += a[a0 + 3 * aStride + i] * w;
            }
            out[outOff + r * outStride] += d0;
            out[outOff + (r + 1) * outStride] += d1;
            out[outOff + (r + 2) * outStride] += d2;
            out[outOff + (r + 3) * outStride] += d3;
        }
        for (; r < count; r++) {
            out[outOff + r * outStride] += dot(a, aOff + r * aStride, b, bOff, len);
        }
    }

    @Override
    public void tanh(double[] src, int srcOff, double[] dst, int dstOff, int len) {
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector.fromArray(SPECIES, src, srcOff + i).lanewise(VectorOperators.TANH).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = Math.tanh(src[srcOff + i]);
        }
    }

    @Override
    public void sigmoid(double[] src, int srcOff, double[] dst, int dstOff, int len) {
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector e = DoubleVector.fromArray(SPECIES, src, srcOff + i).neg().lanewise(VectorOperators.EXP);
            DoubleVector.broadcast(SPECIES, 1).div(e.add(1)).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = 1 / (1 + Math.exp(-src[srcOff + i]));
        }
    }

    @Override
    public boolean allFinite(double[] a, int off, int len) {
        // x - x is 0 for every finite x and NaN for infinities and NaN, so one NaN marks the slice.
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, off + i);
            acc = acc.add(v.sub(v));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += a[off + i] - a[off + i];
        }
        return sum == 0;
    }
}
