package io.nnmath.compute;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the JDK Vector API. Every loop has one shape: a main loop of whole vectors up
 * to {@code SPECIES.loopBound(len)}, then a scalar tail. Only load this class when the module
 * {@code jdk.incubator.vector} is present ({@link KernelChoice} checks).
 */
public final class VectorKernels implements Kernels {

    /** The machine's preferred width, or (for tests of every width) -Dnnmath.vector.bits=128, 256 or 512. */
    static final VectorSpecies<Double> SPECIES = species(Integer.getInteger("nnmath.vector.bits", 0));
    private static final int L = SPECIES.length();

    private static VectorSpecies<Double> species(int bits) {
        return bits == 0 ? DoubleVector.SPECIES_PREFERRED
                : VectorSpecies.of(double.class, jdk.incubator.vector.VectorShape.forBitSize(bits));
    }

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
        // A compare and a blend instead of Java's max (whose NaN and -0.0 rules take several more
        // instructions), and four accumulators: 0.07 ns an element over 1,024 entries instead of
        // 0.28 (KernelBenchmark.max). The compare skips NaN, which Kernels.max allows.
        int i = 0;
        double max = a[off];
        if (len >= 4 * L) {
            DoubleVector m0 = DoubleVector.fromArray(SPECIES, a, off);
            DoubleVector m1 = DoubleVector.fromArray(SPECIES, a, off + L);
            DoubleVector m2 = DoubleVector.fromArray(SPECIES, a, off + 2 * L);
            DoubleVector m3 = DoubleVector.fromArray(SPECIES, a, off + 3 * L);
            int bound = 4 * L * (len / (4 * L));
            // The blends are written out here, not in a helper: a helper called from code not yet
            // compiled could reach C2 without a profile of its receivers' class (they are loop-carried
            // vectors, whose class C2 cannot prove), and its vectors then ran boxed, through the
            // Vector API's Java fallback: about one fresh start in four took 7 to 13 ms instead of 1
            // for a 1M-logit softmax, for as long as it ran (README, "Warm start").
            for (i = 4 * L; i < bound; i += 4 * L) {
                DoubleVector v0 = DoubleVector.fromArray(SPECIES, a, off + i);
                DoubleVector v1 = DoubleVector.fromArray(SPECIES, a, off + i + L);
                DoubleVector v2 = DoubleVector.fromArray(SPECIES, a, off + i + 2 * L);
                DoubleVector v3 = DoubleVector.fromArray(SPECIES, a, off + i + 3 * L);
                m0 = m0.blend(v0, m0.compare(VectorOperators.LT, v0));
                m1 = m1.blend(v1, m1.compare(VectorOperators.LT, v1));
                m2 = m2.blend(v2, m2.compare(VectorOperators.LT, v2));
                m3 = m3.blend(v3, m3.compare(VectorOperators.LT, v3));
            }
            max = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
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
            DoubleVector x = DoubleVector.fromArray(SPECIES, src, srcOff + i).sub(shift).mul(scale);
            DoubleVector e;
            if (!OWN_EXP || !x.compare(VectorOperators.GE, -708.0).and(x.compare(VectorOperators.LE, 709.0)).allTrue()) {
                e = x.lanewise(VectorOperators.EXP);
            } else {
                // exp(x) by the scheme described at OWN_EXP, written out here: as a method of its own C2
                // did not always inline it, and a vector passed to a call is boxed (6 times slower).
                DoubleVector t = x.fma(SIXTEEN_LOG2E, SHIFT);
                DoubleVector k = t.sub(SHIFT);
                DoubleVector r = k.fma(MINUS_LN2_HI_16, x);
                r = k.fma(MINUS_LN2_LO_16, r);
                DoubleVector p = r.fma(T7, T6).fma(r, T5).fma(r, T4).fma(r, T3).fma(r, T2).fma(r, ONE).fma(r, ONE);
                LongVector kBits = t.reinterpretAsLongs().sub(SHIFT_BITS);
                DoubleVector index = (DoubleVector) kBits.and(15L).convert(VectorOperators.L2D, 0);
                LongVector exponent = kBits.lanewise(VectorOperators.ASHR, 4).lanewise(VectorOperators.LSHL, 52);
                e = index.selectFrom(POW2_LOW, POW2_HIGH).mul(p).reinterpretAsLongs().add(exponent).reinterpretAsDoubles();
            }
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
    public void addDots(double[] a, int aOff, int aStride, int count, double[] b, int bOff, int len,
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

    // exp(x) on 8 lanes, our own (in expSum): the JDK's, a call into Intel's SVML, takes 0.8-1.0 ns an
    // element here, ours 0.7-0.85 (KernelBenchmark.expSum). The scheme is the
    // classic one: k = round(16 x / ln 2), r = x - k ln2/16 (|r| <= ln2/32, with ln 2 in two parts
    // so that r is exact to the last bits), e^r by its Taylor polynomial of degree 7 (truncation
    // below 2^-59), 2^((k mod 16)/16) from a 16-entry table held in two vectors, and floor(k/16)
    // added to the exponent bits. At most 2 ulp from the correctly rounded exp (KernelsTests).
    // Vectors with a lane outside [-708, 709] (where 2^k leaves the normal range) or NaN, and other
    // vector widths (the table is two vectors of 8), take the JDK's exp.

    private static final boolean OWN_EXP = L == 8;
    private static final double SIXTEEN_LOG2E = 16 * 0x1.71547652b82fep0;
    private static final double SHIFT = 0x1.8p52;   // adding it rounds to an integer, kept in the low bits
    private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    private static final DoubleVector MINUS_LN2_HI_16 = DoubleVector.broadcast(SPECIES, -0x1.62e42fefa39efp-1 / 16);
    private static final DoubleVector MINUS_LN2_LO_16 = DoubleVector.broadcast(SPECIES, -0x1.abc9e3b39803fp-56 / 16);
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1);
    private static final DoubleVector T2 = DoubleVector.broadcast(SPECIES, 1.0 / 2);
    private static final DoubleVector T3 = DoubleVector.broadcast(SPECIES, 1.0 / 6);
    private static final DoubleVector T4 = DoubleVector.broadcast(SPECIES, 1.0 / 24);
    private static final DoubleVector T5 = DoubleVector.broadcast(SPECIES, 1.0 / 120);
    private static final DoubleVector T6 = DoubleVector.broadcast(SPECIES, 1.0 / 720);
    private static final DoubleVector T7 = DoubleVector.broadcast(SPECIES, 1.0 / 5040);
    private static final DoubleVector POW2_LOW = OWN_EXP ? DoubleVector.fromArray(SPECIES, pow2Sixteenths(), 0) : null;
    private static final DoubleVector POW2_HIGH = OWN_EXP ? DoubleVector.fromArray(SPECIES, pow2Sixteenths(), 8) : null;

    private static double[] pow2Sixteenths() {
        double[] table = new double[16];
        for (int j = 0; j < table.length; j++) {
            table[j] = StrictMath.pow(2, j / 16.0);
        }
        return table;
    }
}
