package io.nnmath.tensor;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The eight-digits-at-a-time arithmetic against String.format. */
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
            assertThat(Digits.trailingZeros(digits)).as(text).isEqualTo(text.length() - text.replaceAll("0+$", "").length());
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
