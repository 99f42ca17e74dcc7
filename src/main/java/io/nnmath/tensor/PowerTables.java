package io.nnmath.tensor;

import java.math.BigInteger;

/**
 * The powers of ten and five that printing ({@link DoublePrinter}) and parsing ({@link DecimalRounding})
 * doubles multiply by, as 126- and 128-bit approximations, computed once, exactly, with BigInteger;
 * and the integer logarithms that pick them.
 */
final class PowerTables {

    /** Printing: the k of 10^-k, from floorLog10Pow2(-1074) to floorLog10Pow2(971). */
    static final int K_MIN = -324;
    static final int K_MAX = 292;

    /** Parsing: the q of 5^q; below it every decimal of up to 19 digits is 0, above it infinite. */
    static final int Q5_MIN = -342;
    static final int Q5_MAX = 308;

    /** g(k) = floor(10^-k 2^(125 - floorLog2Pow10(-k))) + 1, as its high and low 63 bits. */
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    /** 5^q normalized to [2^127, 2^128), rounded down (q >= 0) or up (q < 0), as two unsigned halves. */
    private static final long[] FIVES = new long[2 * (Q5_MAX - Q5_MIN + 1)];

    private static final BigInteger LOW_63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
    private static final BigInteger LOW_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            int shift = 125 - floorLog2Pow10(-k);
            BigInteger g = scaled(BigInteger.TEN, -k, shift).add(BigInteger.ONE);
            G[2 * (k - K_MIN)] = g.shiftRight(63).longValueExact();
            G[2 * (k - K_MIN) + 1] = g.and(LOW_63).longValueExact();
        }
        for (int q = Q5_MIN; q <= Q5_MAX; q++) {
            BigInteger five = fivesApproximation(q);
            FIVES[2 * (q - Q5_MIN)] = five.shiftRight(64).longValue();
            FIVES[2 * (q - Q5_MIN) + 1] = five.and(LOW_64).longValue();
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

    /**
     * 5^q with its top bit at bit 127: truncated for q >= 0; for q < 0 the quotient, plus one,
     * truncated to 128 bits (as in Lemire's fast_float, whose proof of exactness rests on it).
     */
    private static BigInteger fivesApproximation(int q) {
        if (q >= 0) {
            BigInteger power = BigInteger.valueOf(5).pow(q);
            int bits = power.bitLength();
            return bits <= 128 ? power.shiftLeft(128 - bits) : power.shiftRight(bits - 128);
        }
        BigInteger power = BigInteger.valueOf(5).pow(-q);
        int z = power.bitLength();   // the smallest z with 2^z > 5^-q, which is never a power of two
        int b = q >= -27 ? z + 127 : 2 * z + 128;
        BigInteger c = BigInteger.ONE.shiftLeft(b).divide(power).add(BigInteger.ONE);
        while (c.bitLength() > 128) {
            c = c.shiftRight(1);
        }
        return c;
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

    /** The high 64 bits of 5^q's approximation (unsigned). */
    static long fivesHigh(int q) {
        return FIVES[2 * (q - Q5_MIN)];
    }

    /** The low 64 bits of 5^q's approximation (unsigned). */
    static long fivesLow(int q) {
        return FIVES[2 * (q - Q5_MIN) + 1];
    }
}
