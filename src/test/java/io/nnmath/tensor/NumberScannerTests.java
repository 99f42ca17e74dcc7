package io.nnmath.tensor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The number scanner against Jackson's own reading of the same text (its tokenizer, then
 * FastDoubleParser, as nnmath configures it) and against Double.parseDouble: the same bits for every
 * number it takes, and it declines, reading nothing, whatever is not a plain JSON number.
 */
class NumberScannerTests {

    static final int MAX_LENGTH = 100;
    static final JsonFactory JACKSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /**
     * The scanner's reading of {@code text} followed by a comma, or null when it declines: the same
     * at the end of the buffer (read a byte at a time) and with room after it (eight at a time).
     */
    static Double scanned(String text) {
        Double atTheEnd = scanned(text, "");
        Double withRoom = scanned(text, " ".repeat(64));
        assertThat(withRoom == null ? null : Double.doubleToRawLongBits(withRoom)).as("%s with room after it", text)
                .isEqualTo(atTheEnd == null ? null : Double.doubleToRawLongBits(atTheEnd));
        return atTheEnd;
    }

    static Double scanned(String text, String after) {
        byte[] bytes = (text + "," + after).getBytes(StandardCharsets.ISO_8859_1);
        double[] into = {Double.NaN};
        int end = NumberScanner.scan(bytes, 0, bytes.length, MAX_LENGTH, into, 0);
        if (end < 0) {
            assertThat(into[0]).as("declined, yet wrote").isNaN();
            return null;
        }
        assertThat(end).as("end of %s", text).isEqualTo(text.length());
        return into[0];
    }

    /** Jackson's double for {@code text} as an array element. */
    static double jackson(String text) {
        try (JsonParser p = JACKSON.createParser(ObjectReadContext.empty(), ("[" + text + "]").getBytes())) {
            p.nextToken();
            JsonToken token = p.nextToken();
            assertThat(token.isNumeric()).as(text).isTrue();
            return p.getDoubleValue();
        }
    }

    static void readsAsJackson(String text) {
        Double value = scanned(text);
        double expected = jackson(text);
        if (Double.isInfinite(expected)) {
            assertThat(value).as("%s overflows: left to Jackson", text).isNull();
            return;
        }
        assertThat(value).as(text).isNotNull();
        assertThat(Double.doubleToRawLongBits(value)).as("%s: %s, Jackson %s", text, value, expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }

    /** Each awkward double in the forms clients print it in: Java's, Python's repr, plain, rounded. */
    static List<String> forms(double v) {
        List<String> forms = new ArrayList<>(List.of(Double.toString(v),
                Double.toString(v).toLowerCase(Locale.ROOT), String.format(Locale.ROOT, "%.17g", v),
                String.format(Locale.ROOT, "%.16e", v), String.format(Locale.ROOT, "%.3e", v)));
        String plain = new BigDecimal(v).toPlainString();
        if (plain.length() < MAX_LENGTH) {   // room for a sign
            forms.add(plain);
        }
        String exact = new BigDecimal(v).toString();   // every digit of the double: hundreds for subnormals
        if (exact.length() < MAX_LENGTH) {
            forms.add(exact);
        }
        return forms;
    }

    @Test
    void readsAwkwardDoublesInEveryFormAsJackson() {
        for (double v : DoublePrinterTests.awkward()) {
            for (String form : forms(v)) {
                readsAsJackson(form);
                readsAsJackson("-" + form);
            }
        }
    }

    @Test
    void readsTheHardCasesOfDecimalToBinaryAsJackson() {
        for (String text : List.of("0", "-0", "0.0", "-0.0", "0e0", "-0E-0", "0.000", "1", "-1", "10", "1E5", "1e+5",
                "1e-5", "1E22", "1E23", "9007199254740993", "9007199254740993.0", "9007199254740995",
                "18446744073709551615", "18446744073709551616", "99999999999999999999", "12345678901234567890123",
                "-12345678901234567890123", "2.2250738585072011e-308", "2.2250738585072012e-308",
                "4.9e-324", "2.4703282292062328e-324", "2.4703282292062327e-324", "5e-324", "1e-400",
                "-1e-400", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e308",
                "1e309", "-1e400", "1e99999", "1e-99999", "0.1e1", "7.2057594037927933e16",
                "1.00000000000000011102230246251565404236316680908203125",
                "1.00000000000000011102230246251565404236316680908203124",
                "1.00000000000000011102230246251565404236316680908203126",
                "9.9999999999999999999999999999999e-5", "0.00000000000000000000000000000000000001",
                "1.000000000000000000000000000000000000000000000000000000000000000000000000001",
                "123456789012345678.5", "4503599627370496.5", "4503599627370497.5", "1e0000000000000000000005",
                "0.0000001", "0.00000001", "0.000000001", "0.1234567812345678", "0.12345678123456781234",
                "1234567.1234567812345", "1234567.123456781234", "12345678.5", "1.5e1234", "1.5e-1234", "1.5e12345",
                "0.00000000", "0.0000000012", "-0.000", "7e0", "7e+0", "7E-0", "9.999999999999999999e22")) {
            readsAsJackson(text);
        }
    }

    @Test
    void readsRandomDoublesAndRandomDecimalsAsJackson() {
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 200_000; i++) {
            double bits = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(bits)) {
                readsAsJackson(Double.toString(bits));
            }
            readsAsJackson(Double.toString(random.nextGaussian() * 3));
            StringBuilder digits = new StringBuilder();
            int count = random.nextInt(1, 30);
            for (int d = 0; d < count; d++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            String mantissa = digits.toString().replaceFirst("^0+(?=.)", "");
            int point = random.nextInt(mantissa.length() + 1);
            String decimal = point == mantissa.length() ? mantissa
                    : (point == 0 ? "0" : mantissa.substring(0, point)) + "." + mantissa.substring(point);
            readsAsJackson(decimal + "e" + random.nextInt(-340, 320));
            readsAsJackson(decimal);
        }
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> significands = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(25)
                .map(s -> s.replaceFirst("^0+(?=.)", ""));
        return Combinators.combine(significands, Arbitraries.integers().between(0, 25),
                Arbitraries.integers().between(-400, 400), Arbitraries.of("", "-"))
                .as((m, point, e, sign) -> sign + (point >= m.length() ? m
                        : (point == 0 ? "0" : m.substring(0, point)) + "." + m.substring(point)) + "e" + e);
    }

    @Property(tries = 20_000)
    void anyDecimalReadsAsJacksonAndAsTheJdk(@ForAll("decimals") String text) {
        readsAsJackson(text);
        Double value = scanned(text);
        if (value != null) {
            assertThat(value).isEqualTo(Double.parseDouble(text));
        }
    }

    @Test
    void declinesWhatIsNotAPlainJsonNumberReadingNothing() {
        for (String text : List.of("", "-", "+1", "01", "-01", "00", "1.", "-.5", ".5", "1e", "1e+", "1E-", "--1",
                "1..2", "1.2.3", "0x10", "NaN", "-Infinity", "Infinity", "1f", "1d", "true", "\"1\"", "1e400",
                "-1e999", "1}", "1:", "1/", "1#", "1a", "-a", "0.e1", "1.e5", "1e+-5", "12345678.5x")) {
            assertThat(scanned(text)).as(text).isNull();
        }
    }

    @Test
    void declinesANumberTheBufferCutsOrThatIsTooLong() {
        byte[] cut = "123.25".getBytes(StandardCharsets.ISO_8859_1);
        double[] into = new double[1];
        for (int end = 0; end <= cut.length; end++) {
            assertThat(NumberScanner.scan(cut, 0, end, MAX_LENGTH, into, 0)).as("end %d", end).isNegative();
        }
        for (String room : List.of("", " ".repeat(64))) {
            byte[] terminated = ("123.25]" + room).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(NumberScanner.scan(terminated, 0, terminated.length, 6, into, 0)).isEqualTo(6);
            assertThat(into[0]).isEqualTo(123.25);
            assertThat(NumberScanner.scan(terminated, 0, terminated.length, 5, into, 0)).isNegative();
            for (String end : List.of(",", "]", " ", "\n", "\r", "\t")) {
                byte[] bytes = ("-2.5e-3" + end + room).getBytes(StandardCharsets.ISO_8859_1);
                assertThat(NumberScanner.scan(bytes, 0, bytes.length, MAX_LENGTH, into, 0)).as(end).isEqualTo(7);
                assertThat(into[0]).isEqualTo(-2.5e-3);
            }
        }
    }
}
