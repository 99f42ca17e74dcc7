package io.nnmath.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight decimal digits at a time as the eight bytes of a long (SWAR: SIMD within a register), the
 * first digit in the lowest byte, so that one little-endian load or store moves them all.
 */
final class Digits {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final long ZEROS = 0x3030303030303030L;   // '0' in every byte

    private Digits() {
    }

    /**
     * The digits of {@code 0 <= v < 10^8}, leading zeros included, as byte values 0 to 9: split into
     * two halves of four digits, each into two of two, each into tens and ones, every step in all
     * lanes at once by multiplying with a reciprocal (exact for these ranges).
     */
    static long eight(int v) {
        long fours = v / 10_000 | (long) (v % 10_000) << 32;                      // 32-bit lanes, < 10^4
        long hundreds = (fours * 5243 >>> 19) & 0x0000007f0000007fL;             // lane / 100
        long twos = hundreds | (fours - 100 * hundreds) << 16;                    // 16-bit lanes, < 100
        long tens = (twos * 103 >>> 10) & 0x000f000f000f000fL;                   // lane / 10
        return tens | (twos - 10 * tens) << 8;
    }

    /** Stores {@link #eight} digits as ASCII at {@code buffer[pos..pos + 8)}. */
    static void store(long digits, byte[] buffer, int pos) {
        storeAscii(digits | ZEROS, buffer, pos);
    }

    /** Stores eight ASCII bytes, the first in the lowest byte of {@code ascii}, at {@code buffer[pos..pos + 8)}. */
    static void storeAscii(long ascii, byte[] buffer, int pos) {
        LONGS.set(buffer, pos, ascii);
    }

    /** How many of the eight digits, from the last one back, are zeros. */
    static int trailingZeros(long digits) {
        return Long.numberOfLeadingZeros(digits) >>> 3;
    }

    /** Writes {@code 0 <= v < 100} as two ASCII digits; returns the end. */
    static int two(int v, byte[] buffer, int pos) {
        int tens = v * 103 >>> 10;
        buffer[pos] = (byte) ('0' + tens);
        buffer[pos + 1] = (byte) ('0' + v - 10 * tens);
        return pos + 2;
    }

    /** The eight bytes at {@code buffer[pos]} (little-endian), which must be there. */
    static long load(byte[] buffer, int pos) {
        return (long) LONGS.get(buffer, pos);
    }

    /**
     * How many of the bytes of {@code chunk}, from the first, are ASCII digits (8 if all are). A byte
     * c is flagged unless '0' &lt;= c &lt;= '9': its top bit, that of c + 0x46 (c &gt; '9') or that of
     * c - 0x30 (c &lt; '0'). Carries and borrows cross only from a flagged byte, never past the first.
     */
    static int leadingDigits(long chunk) {
        long flagged = (chunk | chunk + 0x4646464646464646L | chunk - ZEROS) & 0x8080808080808080L;
        return Long.numberOfTrailingZeros(flagged) >>> 3;
    }

    /** The value of the first {@code 1 <= k <= 8} bytes of {@code chunk}, which are digits: '0's put in front. */
    static int value(long chunk, int k) {
        return value(chunk << 8 * (8 - k) | ZEROS >>> 8 * k);   // k = 8: both shifts are by 0 (mod 64)
    }

    /**
     * The value of the first {@code 0 <= k <= 8} bytes of {@code chunk}, which are digits (0 for
     * none), without a branch: the shifts go in two halves, so that 64 of them shift everything out.
     */
    static int valueOrZero(long chunk, int k) {
        long digits = chunk & ~(-1L << 4 * k << 4 * k);
        int pad = 4 * (8 - k);
        return value(digits << pad << pad | ZEROS >>> 4 * k >>> 4 * k);
    }

    /** Whether all eight bytes of {@code chunk} are ASCII digits. */
    static boolean allDigits(long chunk) {
        return ((chunk & 0xf0f0f0f0f0f0f0f0L) | ((chunk + 0x0606060606060606L) & 0xf0f0f0f0f0f0f0f0L) >>> 4)
                == 0x3333333333333333L;
    }

    /** The value of eight ASCII digits (see {@link #allDigits}), the first the most significant. */
    static int value(long chunk) {
        long v = chunk - ZEROS;
        v = v * 10 + (v >>> 8);   // pairs of digits in the even bytes
        return (int) (((v & 0x000000ff000000ffL) * (100 + (1_000_000L << 32))
                + ((v >>> 16) & 0x000000ff000000ffL) * (1 + (10_000L << 32))) >>> 32);
    }
}
