package io.nnmath.tensor;

/**
 * Prints a finite double as {@link Double#toString(double)} does, byte for byte, straight into a
 * byte buffer: no String, no char[]. The digits are the JDK's (Raffaello Giulietti's Schubfach,
 * "The Schubfach way to render doubles", 2021): the shortest decimal that reads back as the same
 * double, the closest such one to it, ties to an even digit, and two digits where one would be less
 * close ({@code 4.9E-324}). The layout too: plain from 10^-3 to 10^7 ({@code 0.001}, {@code 123.0}),
 * otherwise {@code d.dddE±n}, and always a digit after the point.
 */
final class DoublePrinter {

    /** The longest text, {@code -2.2250738585072014E-308}. */
    static final int MAX_BYTES = 24;

    private static final int P = 53;           // significand bits, the hidden one included
    private static final int Q_MIN = -1074;    // the exponent of the smallest subnormal's bit
    private static final long C_MIN = 1L << P - 1;
    private static final long C_TINY = 3;      // subnormal significands below this print with an extra digit
    private static final long MASK_63 = (1L << 63) - 1;
    private static final int H = 17;           // the most digits a double needs

    private static final long[] POW10 = new long[H + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
    }

    private DoublePrinter() {
    }

    /** Writes finite {@code v} at {@code buffer[pos]}, which has room for {@link #MAX_BYTES}; returns the end. */
    static int print(double v, byte[] buffer, int pos) {
        long bits = Double.doubleToRawLongBits(v);
        buffer[pos] = '-';
        pos += (int) (bits >>> 63);   // kept for a negative v, else overwritten: no branch on a random sign
        long t = bits & C_MIN - 1;
        int bq = (int) (bits >>> P - 1) & 0x7ff;
        if (bq == 0x7ff) {
            throw new IllegalArgumentException("not a finite double: " + v);
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;   // -q, with v = c 2^q
            long c = C_MIN | t;
            if (0 < mq && mq < P) {      // an integer below 2^53 prints all its digits
                long f = c >> mq;
                if (f << mq == c) {
                    return digits(f, 0, buffer, pos);
                }
            }
            return shortest(-mq, c, 0, buffer, pos);
        }
        if (t != 0) {
            return t < C_TINY ? shortest(Q_MIN, 10 * t, -1, buffer, pos) : shortest(Q_MIN, t, 0, buffer, pos);
        }
        buffer[pos] = '0';
        buffer[pos + 1] = '.';
        buffer[pos + 2] = '0';
        return pos + 3;
    }

    /** The shortest decimal of {@code c 2^q} (section 9 of the paper), printed; {@code dk} scales it back. */
    private static int shortest(int q, long c, int dk, byte[] buffer, int pos) {
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {   // regular spacing of the doubles around v
            cbl = cb - 2;
            k = PowerTables.floorLog10Pow2(q);
        } else {                          // a power of two: the double below is half as far
            cbl = cb - 1;
            k = PowerTables.floorLog10ThreeQuartersPow2(q);
        }
        int h = q + PowerTables.floorLog2Pow10(-k) + 2;
        long g1 = PowerTables.g1(k);
        long g0 = PowerTables.g0(k);
        long vb = roundOdd(g1, g0, cb << h);
        long vbl = roundOdd(g1, g0, cbl << h);
        long vbr = roundOdd(g1, g0, cbr << h);

        // Which decimal to print: one digit shorter if exactly one of sp10 and tp10 = sp10 + 10 rounds
        // to v, else whichever of s and t = s + 1 alone does, else the closer (ties to an even s). The
        // choices depend on the digits of random data, so they are made with arithmetic on 0 and 1
        // (a difference's sign bit for each comparison) rather than with branches a CPU mispredicts.
        long s = vb >> 2;
        long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);   // 10 floor(s / 10)
        long tp10 = sp10 + 10;
        long t = s + 1;
        long lower = vbl + out;
        long upper = vbr - out;
        long upin = atMost(lower, sp10 << 2);
        long wpin = atMost(tp10 << 2, upper);
        long shorter = (99 - s) >>> 63 & (upin ^ wpin);   // s >= 100 and exactly one rounds to v
        long uin = atMost(lower, s << 2);
        long win = atMost(t << 2, upper);
        long cmp = vb - (s + t << 1);
        long closerDown = cmp >>> 63 | atMost(0, cmp) & atMost(cmp, 0) & (~s & 1);
        long down = closerDown ^ (closerDown ^ uin) & -(uin ^ win);   // uin if exactly one rounds to v
        long full = t - down;
        long f = full ^ (full ^ (tp10 - 10 * upin)) & -shorter;
        return digits(f, k + (dk & (int) shorter - 1), buffer, pos);
    }

    /** 1 if {@code a <= b}, else 0, for {@code |a - b| < 2^63}. */
    private static long atMost(long a, long b) {
        return (b - a) >>> 63 ^ 1;
    }

    /** Round to odd of {@code cp g 2^-127}, with {@code g = g1 2^63 + g0} (section 9.9). */
    private static long roundOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** Prints {@code f 10^e} in the layout of Double.toString. */
    private static int digits(long f, int e, byte[] buffer, int pos) {
        int len = PowerTables.floorLog10Pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
        len += (int) ((POW10[len] - 1 - f) >>> 63);   // one more if f >= 10^len
        f *= POW10[H - len];   // now 17 digits: v = 0.f 10^e
        e += len;
        long hm = f / 100_000_000;
        long l = Digits.eight((int) (f - 100_000_000 * hm));
        int h = (int) (hm / 100_000_000);
        long m = Digits.eight((int) (hm - 100_000_000L * h));
        // The 17 digits' trailing zeros, which Double.toString leaves out
        int zeros = l == 0 ? 8 + Digits.trailingZeros(m) : Digits.trailingZeros(l);
        if (-3 < e && e <= 7) {
            // Plain: e > 0 digits before the point, or "0." and -e zeros before the digits. Both are
            // the 17 digits after `lead` zeros (1 - e of them below one), with the point after the
            // first `point` of those. The digits go one place to the right of that; then the first
            // eight bytes are written again with the point moved in: no copy of bytes, no branch
            // on the layout.
            int below = (e - 1) >> 31;        // -1 if e <= 0
            int lead = (1 - e) & below;
            int point = e + lead;             // 1 to 7
            Digits.store(m, buffer, pos + 2 + lead);
            Digits.store(l, buffer, pos + 10 + lead);
            long first = (h | m << 8) << 8 * lead | Digits.ZEROS;   // lead zeros and the digits, as ASCII
            long before = -1L >>> 64 - 8 * point;                    // the bytes before the point
            long through = -1L >>> 56 - 8 * point;                   // and the point (all eight at 7)
            Digits.storeAscii(first & before | (long) '.' << 8 * point | first << 8 & ~through, buffer, pos);
            return Math.max(pos + 18 + lead - zeros, pos + point + 2);
        }
        buffer[pos] = (byte) ('0' + h);
        buffer[pos + 1] = '.';
        Digits.store(m, buffer, pos + 2);
        Digits.store(l, buffer, pos + 10);
        return exponent(e - 1, buffer, Math.max(pos + 18 - zeros, pos + 3));
    }

    private static int exponent(int e, byte[] buffer, int pos) {
        buffer[pos++] = 'E';
        if (e < 0) {
            buffer[pos++] = '-';
            e = -e;
        }
        if (e >= 100) {
            buffer[pos++] = (byte) ('0' + e / 100);
            e %= 100;
            return Digits.two(e, buffer, pos);
        }
        if (e >= 10) {
            return Digits.two(e, buffer, pos);
        }
        buffer[pos] = (byte) ('0' + e);
        return pos + 1;
    }
}
