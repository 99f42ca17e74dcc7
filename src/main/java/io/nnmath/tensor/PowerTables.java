package io.nnmath.tensor;

import java.math.BigInteger;

/**
 * The powers of ten that printing doubles ({@link DoublePrinter}) multiplies by, as 126-bit
 * approximations, computed once, exactly, with BigInteger; and the integer logarithms that pick them.
 */
final class PowerTables {

    /** Printing: the k of 10^-k, from floorLog10Pow2(-1074) to floorLog10Pow2(971). */
    static final int K_MIN = -324;
    static final int K_MAX = 292;

    /** g(k) = floor(10^-k 2^(125 - floorLog2Pow10(-k))) + 1, as its high and low 63 bits. */
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    private static final BigInteger LOW_63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            int shift = 125 - floorLog2Pow10(-k);
            BigInteger g = scaled(BigInteger.TEN, -k, shift).add(BigInteger.ONE);
            G[2 * (k - K_MIN)] = g.shiftRight(63).longValueExact();
            G[2 * (k - K_MIN) + 1] = g.and(LOW_63).longValueExact();
        }
    }

    private PowerTables() {
    }

    /** floor(base^power 2^shift), for any signs of power and shift. */
    private static BigInteger scaled(BigInteger base, int power, int shift) {
        BigInteger num = power >= 0 ? base.pow(power) : BigInteger.ONE;
        BigInteger den = power >= 0 ? BigInteger.ONE : base.pow(-power);
        num = shift >= 0 ? num.shiftLeft(shift) : num;
        den = shift >= 0 ? den : den.shiftLeft(-shift);
        return num.divide(den);
    }

    /** floor(log10(2^e)), exact for |e| <= 2000 (tested), more than the exponents of doubles need. */
    static int floorLog10Pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 2^e)), for the exponents of doubles. */
    static int floorLog10ThreeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(log2(10^e)), exact for |e| <= 2000 (tested). */
    static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    static long g1(int k) {
        return G[2 * (k - K_MIN)];
    }

    static long g0(int k) {
        return G[2 * (k - K_MIN) + 1];
    }
}
