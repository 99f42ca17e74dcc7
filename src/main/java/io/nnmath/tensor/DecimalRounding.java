package io.nnmath.tensor;

import java.nio.charset.StandardCharsets;

/**
 * The double nearest to a decimal w 10^q (a 64-bit significand, as {@link NumberScanner} gathers
 * it): Eisel and Lemire's algorithm multiplies w by a 128-bit approximation of 5^q and rounds,
 * which Mushtak and Lemire proved always enough for up to 19 digits ("Fast number parsing without
 * fallback", 2023). Subnormal and infinite results, and more than 19 digits where the dropped ones
 * could change the rounding, go to {@link Double#parseDouble}, which is exact but slow.
 */
final class DecimalRounding {

    private DecimalRounding() {
    }

    /**
     * w 10^q, negated if {@code negative} is 1 (else 0), correctly rounded; {@code buffer[from..to)}
     * is its text, for the slow path.
     */
    static double toDouble(long w, int q, boolean truncated, int negative, byte[] buffer, int from,
            int to) {
        long bits;
        if (!truncated) {
            bits = w == 0 ? 0 : eiselLemire(w, q);
        } else {
            bits = eiselLemire(w, q);
            if (bits != eiselLemire(w + 1, q)) {   // the dropped digits could change it
                bits = -1;
            }
        }
        if (bits < 0) {
            return Double.parseDouble(new String(buffer, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return Double.longBitsToDouble(bits | (long) negative << 63);
    }

    /**
     * The bits of the double nearest to w 10^q (w &gt; 0 unsigned), or -1 where this path does not
     * decide: subnormal and infinite results, and q outside the table.
     */
    static long eiselLemire(long w, int q) {
        if (q < PowerTables.Q5_MIN || q > PowerTables.Q5_MAX) {
            return -1;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        long fiveHigh = PowerTables.fivesHigh(q);
        long high = Math.unsignedMultiplyHigh(w, fiveHigh);
        long low = w * fiveHigh;
        if ((high & 0x1ff) == 0x1ff) {   // the low bits of 5^q could carry into the 55 we keep
            long carry = Math.unsignedMultiplyHigh(w, PowerTables.fivesLow(q));
            low += carry;
            if (Long.compareUnsigned(carry, low) > 0) {
                high++;
            }
        }
        int upper = (int) (high >>> 63);
        int shift = upper + 9;
        long mantissa = high >>> shift;
        int power2 = (217_706 * q >> 16) + 63 + upper - lz + 1023;
        if (power2 <= 0) {
            return -1;
        }
        if ((low == 0 || low == 1) && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && mantissa << shift == high) {
            mantissa &= ~1L;   // exactly halfway: round to even, down
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= 2L << 52) {
            mantissa = 1L << 52;
            power2++;
        }
        if (power2 >= 0x7ff) {
            return -1;
        }
        return mantissa & ~(1L << 52) | (long) power2 << 52;
    }
}
