package io.nnmath.tensor;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The eight-digits-at-a-time arithmetic against plain one-digit-at-a-time code. */
class DigitsTests {

    @Test
    void printsEightDigitsWithLeadingZerosAndCountsTrailingZeros() {
        SplittableRandom random = new SplittableRandom(7);
        int[] edges = {0, 1, 9, 10, 99, 100, 9999, 10_000, 10_001, 99_999_999, 12_345_678, 10_000_000, 50_000_000};
        for (int i = 0; i < 1_000_000 + edges.length; i++) {
            int v = i < edges.length ? edges[i] : random.nextInt(100_000_000);
            byte[] buffer = new byte[8];
            long digits = Digits.eight(v);
            Digits.store(digits, buffer, 0);
            String text = String.format("%08d", v);
            assertThat(new String(buffer, StandardCharsets.ISO_8859_1)).isEqualTo(text);
            assertThat(Digits.trailingZeros(digits)).as(text)
                    .isEqualTo(text.length() - text.replaceAll("0+$", "").length());
            assertThat(Digits.value(Digits.load(buffer, 0))).isEqualTo(v);
        }
    }

    @Test
    void recognisesEightDigitsAndNothingElse() {
        SplittableRandom random = new SplittableRandom(8);
        byte[] buffer = new byte[8];
        for (int i = 0; i < 1_000_000; i++) {
            boolean digits = true;
            for (int k = 0; k < 8; k++) {
                // mostly digits, sometimes a neighbour of '0' or '9', sometimes anything
                int b = switch (random.nextInt(12)) {
                    case 0 -> random.nextInt(256);
                    case 1 -> '0' - 1;
                    case 2 -> '9' + 1;
                    default -> '0' + random.nextInt(10);
                };
                buffer[k] = (byte) b;
                digits &= b >= '0' && b <= '9';
            }
            assertThat(Digits.allDigits(Digits.load(buffer, 0))).as("%s", java.util.Arrays.toString(buffer))
                    .isEqualTo(digits);
        }
    }

    @Test
    void countsAndReadsTheLeadingDigitsOfAnyEightBytes() {
        SplittableRandom random = new SplittableRandom(9);
        byte[] buffer = new byte[8];
        for (int i = 0; i < 1_000_000; i++) {
            for (int k = 0; k < 8; k++) {
                buffer[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : '0' + random.nextInt(10));
            }
            int digits = 0;
            while (digits < 8 && buffer[digits] >= '0' && buffer[digits] <= '9') {
                digits++;
            }
            long chunk = Digits.load(buffer, 0);
            assertThat(Digits.leadingDigits(chunk)).as("%s", java.util.Arrays.toString(buffer)).isEqualTo(digits);
            int expected = digits == 0 ? 0
                    : Integer.parseInt(new String(buffer, 0, digits, StandardCharsets.ISO_8859_1));
            if (digits > 0) {
                assertThat(Digits.value(chunk, digits)).isEqualTo(expected);
            }
            assertThat(Digits.valueOrZero(chunk, digits)).isEqualTo(expected);
        }
    }

    @Test
    void printsTwoDigits() {
        for (int v = 0; v < 100; v++) {
            byte[] buffer = new byte[2];
            assertThat(Digits.two(v, buffer, 0)).isEqualTo(2);
            assertThat(new String(buffer, StandardCharsets.ISO_8859_1)).isEqualTo(String.format("%02d", v));
        }
    }
}
