package io.nnmath.tensor;

/** Decimal digits as ASCII bytes, two at a time from a table. */
final class Digits {

    /** "00" to "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private Digits() {
    }

    /** Writes {@code 0 <= v < 100} as two digits; returns the end. */
    static int two(int v, byte[] buffer, int pos) {
        buffer[pos] = PAIRS[2 * v];
        buffer[pos + 1] = PAIRS[2 * v + 1];
        return pos + 2;
    }

    /** Writes {@code 0 <= v < 10^8} as eight digits, leading zeros included. */
    static void eight(int v, byte[] buffer, int pos) {
        int high = v / 10_000;
        four(high, buffer, pos);
        four(v - 10_000 * high, buffer, pos + 4);
    }

    private static void four(int v, byte[] buffer, int pos) {
        int high = v / 100;
        two(high, buffer, pos);
        two(v - 100 * high, buffer, pos + 2);
    }
}
