package io.nnmath.tensor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The printer against the JDK's own Double.toString, byte for byte, over awkward and random doubles. */
class DoublePrinterTests {

    static String printed(double v) {
        byte[] buffer = new byte[3 + DoublePrinter.MAX_BYTES + 3];
        buffer[0] = buffer[1] = buffer[2] = '#';
        int end = DoublePrinter.print(v, buffer, 3);
        assertThat(end - 3).as("length of %s", Double.toString(v)).isLessThanOrEqualTo(DoublePrinter.MAX_BYTES);
        assertThat(new String(buffer, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("###");
        return new String(buffer, 3, end - 3, StandardCharsets.ISO_8859_1);
    }

    static void printsAsTheJdk(double v) {
        assertThat(printed(v)).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(Double.toString(v));
        assertThat(printed(-v)).as("bits %x", Double.doubleToRawLongBits(-v)).isEqualTo(Double.toString(-v));
    }

    /** Zeros, the extremes, the layout's boundaries (10^-3, 10^7), integers around 2^53, famous decimals. */
    static List<Double> awkward() {
        List<Double> values = new ArrayList<>(List.of(0.0, Double.MIN_VALUE, 2 * Double.MIN_VALUE,
                3 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
                Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1e308,
                4.9e-324, 2.2250738585072014E-308, 0.001, Math.nextDown(0.001), Math.nextUp(0.001), 1e7,
                Math.nextDown(1e7), Math.nextUp(1e7), 9999999.0, 1e21, 1e22, 1e23, 0.1, 0.2, 0.3, 1.0 / 3,
                2.0 / 3, Math.PI, Math.E, 123456789012345680.0, 9007199254740991.0, 9007199254740992.0,
                9007199254740994.0, 1.0, 2.0, 5e-324, 1.7976931348623157E308, 2.0E-3, 1.0E-5, 5.0E-324,
                4.35, 0.3 + 0.6, 100.0, 1234567.0, 0.5, 1e-300, 1e300, 1.0E16, 8.41E21, 5.2E-35));
        for (int e = -1074; e <= 1023; e++) {
            double power = Math.scalb(1.0, e);
            values.add(power);
            values.add(Math.nextUp(power));
            values.add(Math.nextDown(power));
        }
        for (int e = -323; e <= 308; e++) {
            double power = Double.parseDouble("1e" + e);
            values.add(power);
            values.add(Math.nextUp(power));
            values.add(Math.nextDown(power));
        }
        for (long t = 1; t <= 2000; t++) {   // the smallest subnormals, where C_TINY changes the path
            values.add(Double.longBitsToDouble(t));
        }
        return values;
    }

    @Test
    void printsAwkwardDoublesAsTheJdk() {
        awkward().forEach(DoublePrinterTests::printsAsTheJdk);
    }

    @Test
    void printsRandomBitsAndRandomProbabilitiesAsTheJdk() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 500_000; i++) {
            double bits = Double.longBitsToDouble(random.nextLong() & 0x7fffffffffffffffL);
            if (Double.isFinite(bits)) {
                printsAsTheJdk(bits);
            }
            printsAsTheJdk(random.nextDouble() * 1e-6);   // what a 1M-class softmax answers
            printsAsTheJdk(random.nextDouble());
            printsAsTheJdk(random.nextInt(-100_000, 100_000) / 100.0);
        }
    }

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.doubles(), Arbitraries.integers().map(i -> (double) i));
    }

    @Property(tries = 20_000)
    void anyFiniteDoublePrintsAsTheJdk(@ForAll("finiteDoubles") double v) {
        printsAsTheJdk(v);
    }

    @Test
    void negativeZeroKeepsItsSign() {
        assertThat(printed(-0.0)).isEqualTo("-0.0");
        assertThat(printed(0.0)).isEqualTo("0.0");
        assertThat(printed(-Double.MIN_VALUE)).isEqualTo("-4.9E-324");
    }

    /** Every decimal exponent a double has, each with a one-, two- and seventeen-digit significand. */
    @Test
    void printsEveryExponent() {
        for (int e = -324; e <= 308; e++) {
            for (String significand : new String[] {"7", "4.5", "1.2345678901234567"}) {
                double v = Double.parseDouble(significand + "E" + e);
                if (v != 0 && Double.isFinite(v)) {
                    printsAsTheJdk(v);
                }
            }
        }
    }

    @Test
    void refusesWhatJsonCannotSay() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> DoublePrinter.print(v, new byte[32], 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void integerLogarithmsAreExactOverTheirRange() {
        for (int e = -2000; e <= 2000; e++) {
            assertThat(PowerTables.floorLog10Pow2(e)).as("e=%d", e).isEqualTo(floorLog10Pow2Exactly(e));
            assertThat(PowerTables.floorLog2Pow10(e)).as("e=%d", e).isEqualTo(floorLog2Pow10Exactly(e));
            assertThat(PowerTables.floorLog10ThreeQuartersPow2(e)).as("e=%d", e)
                    .isEqualTo(floorLog10ThreeQuartersPow2Exactly(e));
        }
    }

    /** 3/4 2^e = 3 2^(e-2), and 3 2^-n = 3 5^n 10^-n. */
    private static int floorLog10ThreeQuartersPow2Exactly(int e) {
        BigInteger three = BigInteger.valueOf(3);
        return e >= 2 ? three.shiftLeft(e - 2).toString().length() - 1
                : three.multiply(BigInteger.valueOf(5).pow(2 - e)).toString().length() - 1 - (2 - e);
    }

    /** 2^e has as many digits as its decimal; 2^-n = 5^n 10^-n. */
    private static int floorLog10Pow2Exactly(int e) {
        return e >= 0 ? BigInteger.TWO.pow(e).toString().length() - 1
                : BigInteger.valueOf(5).pow(-e).toString().length() - 1 + e;
    }

    /** 2^(bits - 1) <= 10^n < 2^bits, and 10^-n is never a power of two (n > 0). */
    private static int floorLog2Pow10Exactly(int e) {
        int bits = BigInteger.TEN.pow(Math.abs(e)).bitLength();
        return e >= 0 ? bits - 1 : -bits;
    }
}
