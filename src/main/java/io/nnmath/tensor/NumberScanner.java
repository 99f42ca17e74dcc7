package io.nnmath.tensor;

/**
 * Reads one JSON number straight from the bytes of a request, correctly rounded, or declines. It
 * only takes what Jackson would read as the same finite double: a number of strict JSON grammar, no
 * longer than the limit, followed within the buffer by a comma, a closing bracket or whitespace.
 * Everything else (a number cut by the buffer's end, a malformed or over-long one, one that
 * overflows) it leaves to Jackson, whose answer is then the same as without this scanner.
 *
 * <p>The digits are gathered, eight at a time where there is room, into a 64-bit significand w and
 * an exponent q, with v = w 10^q, which {@link DecimalRounding} rounds to the nearest double. The
 * two scanning methods are long: they are the innermost loop of every request body, kept in one
 * piece so that the JIT keeps w, q and the position in registers.
 */
final class NumberScanner {

    /** The most significant digits a long holds for every value (below 10^19 &lt; 2^64, unsigned). */
    private static final int MAX_DIGITS = 19;

    private static final long[] POW10 = new long[9];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
    }

    private NumberScanner() {
    }

    /**
     * Reads the number at {@code buffer[pos]} into {@code into[at]}, if it is one this scanner takes
     * (see the class comment) and at most {@code maxLength} bytes long; returns the position after
     * it, or -1 without reading anything.
     */
    static int scan(byte[] buffer, int pos, int end, int maxLength, double[] into, int at) {
        if (end - pos >= ROOM) {
            int after = scanCommon(buffer, pos, maxLength, into, at);
            if (after != UNUSUAL) {
                return after;
            }
        }
        return scanAny(buffer, pos, end, maxLength, into, at);
    }

    /** Bytes the common case may look at: sign, 8 digits, point, 8 zeros, 3 x 8 digits, 'e', sign, 8 digits. */
    private static final int ROOM = 56;

    /** What {@link #scanCommon} answers for a number it leaves to {@link #scanAny}. */
    private static final int UNUSUAL = -2;

    /**
     * The common case, eight bytes at a time and with few branches that depend on the number (a
     * random sign or length costs a mispredicted branch each, a third of the time here): up to 7
     * digits before the point, up to 19 significant digits in all, up to 7 zeros after "0.", up to
     * 4 digits in the exponent. Answers {@link #UNUSUAL} for anything else; needs {@link #ROOM}
     * bytes from {@code pos} in the buffer.
     */
    private static int scanCommon(byte[] buffer, int pos, int maxLength, double[] into, int at) {
        int negative = ((buffer[pos] & 0xff ^ '-') - 1) >>> 31;   // 1 for '-', without a branch
        int p = pos + negative;
        long chunk = Digits.load(buffer, p);
        int k = Digits.leadingDigits(chunk);
        if (k == 0 || k == 8 || k > 1 && (chunk & 0xff) == '0') {
            return UNUSUAL;   // no digit, a long integer part, a leading zero
        }
        long w = Digits.value(chunk, k);
        int nonZero = (int) (-w >>> 63);   // 1 unless the integer part is 0: no branch on a random |v| < 1
        int digits = k & -nonZero;
        int q = 0;
        p += k;
        boolean integer = true;
        if (buffer[p] == '.') {
            integer = false;
            p++;
            // 0.000ddd: the zeros after "0." are no significant digits (counted, without a branch,
            // only when the integer part is 0)
            int zeros = Long.numberOfTrailingZeros(Digits.load(buffer, p) ^ Digits.ZEROS) >>> 3 & nonZero - 1;
            if (zeros == 8) {
                return UNUSUAL;
            }
            p += zeros;
            // Eight digits at a time: the usual length (8 to 16 or more) without a branch on it.
            long c1 = Digits.load(buffer, p);
            int k1 = Digits.leadingDigits(c1);
            int fraction;
            if (k1 == 8) {
                long c2 = Digits.load(buffer, p + 8);
                int k2 = Digits.leadingDigits(c2);
                long c3 = Digits.load(buffer, p + 16);
                int k3 = Digits.leadingDigits(c3) & -(k2 >>> 3);   // only after 8 more
                fraction = 8 + k2 + k3;
                if (digits + fraction > MAX_DIGITS) {
                    return UNUSUAL;   // more digits than a long holds
                }
                w = ((100_000_000 * w + Digits.value(c1)) * POW10[k2] + Digits.valueOrZero(c2, k2)) * POW10[k3]
                        + Digits.valueOrZero(c3, k3);
            } else {
                if (k1 + zeros == 0) {
                    return UNUSUAL;   // a point without digits
                }
                fraction = k1;
                w = w * POW10[k1] + Digits.valueOrZero(c1, k1);
            }
            digits += fraction;
            q -= zeros + fraction;
            p += fraction;
        }
        if ((buffer[p] | 0x20) == 'e') {
            integer = false;
            p++;
            int negativeExponent = ((buffer[p] & 0xff ^ '-') - 1) >>> 31;
            p += negativeExponent | ((buffer[p] & 0xff ^ '+') - 1) >>> 31;
            chunk = Digits.load(buffer, p);
            k = Digits.leadingDigits(chunk);
            if (k == 0 || k > 4) {
                return UNUSUAL;
            }
            int e = Digits.value(chunk, k);
            q += negativeExponent == 0 ? e : -e;
            p += k;
        }
        if (!isTerminator(buffer[p]) || p - pos > maxLength) {
            return -1;
        }
        double value = integer && w == 0 ? 0.0
                : DecimalRounding.toDouble(w, q, false, negative, buffer, pos, p);
        if (Double.isInfinite(value)) {
            return -1;
        }
        into[at] = value;
        return p;
    }

    /** Any number, one byte at a time (see {@link #scan}). */
    private static int scanAny(byte[] buffer, int pos, int end, int maxLength, double[] into, int at) {
        int p = pos;
        boolean negative = p < end && buffer[p] == '-';
        if (negative) {
            p++;
        }
        if (p >= end) {
            return -1;
        }
        long w = 0;
        int digits = 0;        // significant digits in w
        int q = 0;
        boolean truncated = false;   // a non-zero digit did not fit in w
        int d = buffer[p] - '0';
        if (d == 0) {
            p++;
            if (p < end && isDigit(buffer[p])) {
                return -1;   // a leading zero: not JSON
            }
        } else if (d > 0 && d <= 9) {
            for (; p < end && (d = buffer[p] - '0') >= 0 && d <= 9; p++) {
                if (digits < MAX_DIGITS) {
                    w = 10 * w + d;
                    digits++;
                } else {
                    q++;
                    truncated |= d != 0;
                }
            }
        } else {
            return -1;
        }
        boolean integer = true;
        if (p < end && buffer[p] == '.') {
            integer = false;
            int first = ++p;
            if (w == 0) {
                for (; p < end && buffer[p] == '0'; p++) {   // 0.000ddd: the zeros are no significant digits
                    q--;
                }
            }
            // Eight digits at a time while they all fit in w, then one at a time
            for (long chunk; digits <= MAX_DIGITS - 8 && p + 8 <= end
                    && Digits.allDigits(chunk = Digits.load(buffer, p)); p += 8) {
                w = 100_000_000 * w + Digits.value(chunk);
                q -= 8;
                digits += 8;
            }
            for (; p < end && (d = buffer[p] - '0') >= 0 && d <= 9; p++) {
                if (digits < MAX_DIGITS) {
                    w = 10 * w + d;
                    q--;
                    digits++;
                } else {
                    truncated |= d != 0;
                }
            }
            if (p == first) {
                return -1;
            }
        }
        if (p < end && (buffer[p] | 0x20) == 'e') {
            integer = false;
            p++;
            boolean negativeExponent = p < end && buffer[p] == '-';
            if (p < end && (negativeExponent || buffer[p] == '+')) {
                p++;
            }
            int first = p;
            int e = 0;
            for (; p < end && (d = buffer[p] - '0') >= 0 && d <= 9; p++) {
                if (e < 100_000) {   // far beyond any double; more digits change nothing
                    e = 10 * e + d;
                }
            }
            if (p == first) {
                return -1;
            }
            q += negativeExponent ? -e : e;
        }
        if (p >= end || !isTerminator(buffer[p]) || p - pos > maxLength) {
            return -1;
        }
        double value;
        if (integer && w == 0) {
            value = 0.0;   // Jackson reads -0 as the integer 0
        } else {
            value = DecimalRounding.toDouble(w, q, truncated, negative ? 1 : 0, buffer, pos, p);
        }
        if (Double.isInfinite(value)) {
            return -1;
        }
        into[at] = value;
        return p;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** What may follow a number in an array: Jackson reads on from there. */
    private static boolean isTerminator(byte b) {
        return b == ',' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
