package io.nnmath.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight decimal digits at a time as the eight bytes of a long (SWAR: SIMD within a register), the
 * first digit in the lowest byte, so that one little-endian store moves them all.
 */
final class Digits {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ZEROS = 0x3030303030303030L;   // '0' in every byte

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
        LONGS.set(buffer, pos, digits | ZEROS);
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
}
