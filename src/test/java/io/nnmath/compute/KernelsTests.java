package io.nnmath.compute;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The vector kernels agree with the scalar reference on every length around the SIMD width
 * (1, L-1, L, L+1, 2L, 3L+5, ...) and at non-zero offsets, and touch nothing outside their slice.
 */
class KernelsTests {

    static final double RELATIVE = 1e-13;
    static final int L = VectorKernels.SPECIES.length();

    @Test
    void runsAtTheWidthAsked() {
        Integer bits = Integer.getInteger("nnmath.vector.bits");
        System.out.println("KernelsTests: " + new VectorKernels());
        if (bits != null) {
            assertThat(VectorKernels.SPECIES.vectorBitSize()).isEqualTo(bits);
        }
        assertThat(L).isPositive();
    }

    final Kernels scalar = new ScalarKernels();
    final Kernels vector = new VectorKernels();

    static Stream<Arguments> slices() {
        return IntStream.of(1, 2, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 3 * L + 5, 4 * L, 100, 1027)
                .filter(n -> n >= 1).distinct().boxed()
                .flatMap(n -> Stream.of(0, 1, L - 1, 3).distinct().map(off -> Arguments.of(n, off)));
    }

    static double[] random(int size, long seed) {
        Random random = new Random(seed);
        return random.doubles(size, -20, 20).toArray();
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void maxAgrees(int len, int off) {
        double[] a = random(off + len + 2, len);
        a[off + len] = 1e9; // just outside the slice: must be ignored
        assertThat(vector.max(a, off, len)).isEqualTo(scalar.max(a, off, len));
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void expSumAgrees(int len, int off) {
        double[] src = random(off + len, len);
        double[] s = new double[off + len + 1];
        double[] v = new double[off + len + 1];
        s[off + len] = v[off + len] = 42;
        double sumS = scalar.expSum(src, off, s, off, len, 3.5, 0.7);
        double sumV = vector.expSum(src, off, v, off, len, 3.5, 0.7);
        assertThat(sumV).isCloseTo(sumS, within(RELATIVE * sumS));
        for (int i = 0; i < s.length; i++) {
            assertThat(v[i]).as("element %d", i).isCloseTo(s[i], within(RELATIVE * Math.abs(s[i])));
        }
        assertThat(v[off + len]).isEqualTo(42);
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void scaleAndShiftAgree(int len, int off) {
        double[] src = random(off + len + 1, len);
        double[] s = src.clone();
        double[] v = src.clone();
        scalar.scaleInPlace(s, off, len, 0.3);
        vector.scaleInPlace(v, off, len, 0.3);
        assertThat(v).containsExactly(s);
        double[] ds = new double[src.length];
        double[] dv = new double[src.length];
        scalar.shiftScale(src, off, ds, off, len, 1.5, 2.0, 0.25);
        vector.shiftScale(src, off, dv, off, len, 1.5, 2.0, 0.25);
        assertThat(dv).containsExactly(ds);
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void mulShiftedAgrees(int len, int off) {
        double[] a = random(off + len, len);
        double[] b = random(off + len, len + 7);
        double[] s = new double[off + len + 1];
        double[] v = new double[off + len + 1];
        scalar.mulShifted(a, off, b, off, s, off, len, 0.5, 1.5);
        vector.mulShifted(a, off, b, off, v, off, len, 0.5, 1.5);
        assertThat(v).containsExactly(s);
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void axpyTanhAndSigmoidAgree(int len, int off) {
        double[] x = random(off + len, len);
        double[] s = random(off + len + 1, len + 3);
        double[] v = s.clone();
        scalar.axpy(-0.75, x, off, s, off, len);
        vector.axpy(-0.75, x, off, v, off, len);
        for (int i = 0; i < s.length; i++) {
            // the vector kernel fuses the multiply-add (one rounding), the scalar one rounds twice
            assertThat(v[i]).isCloseTo(s[i], within(1e-15 * (1 + Math.abs(s[i]))));
        }
        double[] ts = new double[off + len];
        double[] tv = new double[off + len];
        scalar.tanh(x, off, ts, off, len);
        vector.tanh(x, off, tv, off, len);
        double[] gs = new double[off + len];
        double[] gv = new double[off + len];
        scalar.sigmoid(x, off, gs, off, len);
        vector.sigmoid(x, off, gv, off, len);
        for (int i = 0; i < ts.length; i++) {
            assertThat(tv[i]).isCloseTo(ts[i], within(RELATIVE * Math.abs(ts[i]) + 1e-300));
            assertThat(gv[i]).isCloseTo(gs[i], within(RELATIVE * gs[i] + 1e-300));
        }
    }

    /** Row lengths around the vector width, each with block heights of 1, 2, 3, 7 and 65 rows. */
    static Stream<Arguments> blocks() {
        return slices().map(a -> (int) a.get()[0]).distinct()
                .flatMap(len -> IntStream.of(1, 2, 3, 7, 65).mapToObj(rows -> Arguments.of(len, rows)));
    }

    @ParameterizedTest(name = "len {0}, {1} rows")
    @MethodSource("blocks")
    void blockedDotsAddIntoTheirOutputAndAgree(int len, int rows) {
        int count = rows;
        double[] a = random(count * (len + 2), len);
        double[] b = random(len + 1, len + 9);
        double[] s = new double[2 * count];
        double[] v = new double[2 * count];
        java.util.Arrays.fill(s, 0.5);  // added to, not overwritten
        java.util.Arrays.fill(v, 0.5);
        scalar.addDots(a, 1, len + 2, count, b, 1, len, s, 1, 2);
        vector.addDots(a, 1, len + 2, count, b, 1, len, v, 1, 2);
        for (int r = 0; r < count; r++) {
            double dot = 0;
            for (int i = 0; i < len; i++) {
                dot += a[1 + r * (len + 2) + i] * b[1 + i];
            }
            assertThat(s[1 + 2 * r]).isCloseTo(0.5 + dot, within(1e-12 * (1 + Math.abs(dot)) * len));
        }
        for (int i = 0; i < s.length; i++) {
            assertThat(v[i]).isCloseTo(s[i], within(1e-12 * (1 + Math.abs(s[i])) * len));
        }
        for (int i = 0; i < s.length; i += 2) {
            assertThat(v[i]).isEqualTo(0.5); // the stride skips these
        }
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void dotAgrees(int len, int off) {
        double[] a = random(off + len, len);
        double[] b = random(off + len, len + 1);
        double s = scalar.dot(a, off, b, off, len);
        assertThat(vector.dot(a, off, b, off, len)).isCloseTo(s, within(1e-12 * (1 + Math.abs(s)) * len));
    }

    @ParameterizedTest(name = "len {0} at offset {1}")
    @MethodSource("slices")
    void allFiniteFindsEveryNonFinite(int len, int off) {
        double[] a = random(off + len + 1, len);
        a[off + len] = Double.NaN; // outside the slice
        assertThat(vector.allFinite(a, off, len)).isTrue();
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            for (int at : new int[] {0, len / 2, len - 1}) {
                double[] b = a.clone();
                b[off + at] = bad;
                assertThat(vector.allFinite(b, off, len)).as("%s at %d", bad, at).isFalse();
                assertThat(scalar.allFinite(b, off, len)).isFalse();
            }
        }
    }

    /** The vector exp (our own on 8 lanes) is within 2 ulp of StrictMath.exp, fallback lanes included. */
    @Test
    void expIsWithinTwoUlpEverywhere() {
        Random random = new Random(11);
        double[] x = new double[200_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 4) {
                case 0 -> random.nextDouble(-20, 0);        // softmax's range
                case 1 -> random.nextDouble(-708, 709);     // the whole fast range
                case 2 -> random.nextDouble(-1e-8, 1e-8);   // around 0
                default -> random.nextDouble(-760, 720);    // with under- and overflow
            };
        }
        double[] special = {-708.0, 709.0, -708.0001, 709.0001, -745.2, -745.1, 709.78, 709.79, 0.0, -0.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        System.arraycopy(special, 0, x, 1000, special.length);
        double[] e = new double[x.length];
        vector.expSum(x, 0, e, 0, x.length, 0, 1);
        for (int i = 0; i < x.length; i++) {
            double expected = StrictMath.exp(x[i]);
            long ulps = Math.abs(Double.doubleToLongBits(e[i]) - Double.doubleToLongBits(expected));
            assertThat(ulps).as("exp(%s) = %s, not %s", x[i], e[i], expected).isLessThanOrEqualTo(2);
        }
        double[] nan = {1, 2, Double.NaN, 4, 5, 6, 7, 8, 9};
        double[] out = new double[nan.length];
        vector.expSum(nan, 0, out, 0, nan.length, 0, 1);
        assertThat(out[2]).isNaN();
        assertThat(out[0]).isEqualTo(Math.exp(1));
    }
}
