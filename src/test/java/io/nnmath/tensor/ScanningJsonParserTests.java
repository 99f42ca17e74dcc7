package io.nnmath.tensor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import io.nnmath.problem.FieldError;
import io.nnmath.problem.ProblemException;
import io.nnmath.system.Limits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential: every body read through the scanning parser, from bytes and from streams that
 * deliver it a few bytes at a time (so that runs end at every possible place), gives exactly what
 * Jackson's own parser gives with nnmath's token-by-token reading: the same numbers, bit for bit,
 * and the same lengths; or the same error, with the same type, pointer, message and location.
 */
class ScanningJsonParserTests {

    record Body(NumberArray x, IndexArray y, Double t) {
    }

    /** nnmath's JSON configuration with small limits: 500 numbers, depth 8, numbers of 30 characters. */
    static final Limits LIMITS = new Limits(DataSize.ofMegabytes(1), 500, 8, 30, 16, 10, 4, 2, 1000);

    static JsonMapper mapper(JsonFactoryBuilder factory) {
        JsonConfiguration configuration = new JsonConfiguration();
        configuration.strictJsonFactory(LIMITS).customize(factory);
        JsonMapper.Builder mapper = JsonMapper.builder((JsonFactory) factory.build());
        configuration.strictJsonMapper(LIMITS).customize(mapper);
        return mapper.build();
    }

    static final JsonMapper SCANNING = mapper(ScanningJsonFactory.builder());
    static final JsonMapper JACKSON = mapper(JsonFactory.builder());

    /** What reading gave: the numbers and lengths, or the error. */
    static String outcome(Supplier<Body> read) {
        try {
            Body body = read.get();
            return describe(body.x()) + " " + describe(body.y()) + " t=" + body.t();
        } catch (JacksonException e) {
            ProblemException problem = problemIn(e);
            if (problem != null) {
                return outcome(problem);
            }
            return e.getClass().getSimpleName() + " " + e.getOriginalMessage() + " at " + e.getPathReference()
                    + (e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr() + " offset " + e.getLocation().getByteOffset());
        } catch (ProblemException e) {
            return outcome(e);
        }
    }

    static String outcome(JsonMapper mapper, InputStream in) {
        return outcome(() -> mapper.readValue(in, Body.class));
    }

    static String outcome(ProblemException e) {
        return "problem " + e.type() + " " + e.getMessage() + " at " + e.errors().stream().map(FieldError::pointer)
                .toList();
    }

    static ProblemException problemIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        return null;
    }

    static String describe(NestedArray a) {
        if (a == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder(a.pointer()).append(" rank ").append(a.rank()).append(" lengths");
        for (int depth = 0; depth < a.rank(); depth++) {
            int[] lengths = new int[a.arraysAt(depth)];
            for (int j = 0; j < lengths.length; j++) {
                lengths[j] = a.lengthAt(depth, j);
            }
            text.append(' ').append(Arrays.toString(lengths));
        }
        text.append(" bits");
        for (double v : a.values()) {
            text.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
        return text.toString();
    }

    /** An input stream that hands out at most {@code chunk} bytes a read. */
    static InputStream trickling(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static String readsAsJackson(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String expected = outcome(JACKSON, new ByteArrayInputStream(bytes));
        assertThat(outcome(SCANNING, new ByteArrayInputStream(bytes))).as(json).isEqualTo(expected);
        for (int chunk : new int[] {1, 2, 3, 5, 8, 13, 64}) {
            assertThat(outcome(SCANNING, trickling(bytes, chunk))).as("%s in chunks of %d", json, chunk)
                    .isEqualTo(expected);
        }
        assertThat(outcome(() -> SCANNING.readValue(bytes, Body.class))).as("%s from a byte[]", json)
                .isEqualTo(expected);
        return expected;
    }

    @Test
    void readsValuesShapesAndErrorsAsJackson() {
        List<String> bodies = List.of(
                "{\"x\": [1, 2.5, -0, -0.0, 1e-7, 4.9e-324, 1.7976931348623157e308, 12345678901234567890123]}",
                "{\"x\": [[1, 2, 3], [4, 5, 6]], \"y\": [0, 2], \"t\": 2}",
                "{\"x\": [[[1, 2]], [[3, 4], [5, 6], [7, 8]]]}",
                "{\"x\": 2.5}", "{\"x\": [2.5]}", "{\"x\" : [ 1 , 2 ,\t3 ]\n}",
                "{\"x\": [1,\r\n2,\r3,\n4]}", "{\"x\":\n[\n1,\n2,\n\"3\"]}",
                // types
                "{\"x\": [1, \"2\"]}", "{\"x\": [1, true]}", "{\"x\": [1, false]}", "{\"x\": [1, null]}",
                "{\"x\": [1, {}]}", "{\"x\": [\"1\"]}", "{\"x\": \"1\"}", "{\"x\": [[1, 2], [3, \"NaN\"]]}",
                // finiteness
                "{\"x\": [1, -1e999]}", "{\"x\": [[1, 2], [3, 1e400]]}", "{\"x\": [1, NaN]}", "{\"x\": [Infinity]}",
                // depths, empty and ragged arrays
                "{\"x\": [[1], []]}", "{\"x\": []}", "{\"x\": [[1], [[2]]]}", "{\"x\": [[1, 2], 3]}",
                "{\"x\": [[1, 2], [3]]}", "{\"x\": [[[[[[[[[[1]]]]]]]]]]}", "{\"x\": [[[[[[[1]]]]]]]}",
                // number length, grammar
                "{\"x\": [1, 1.0000000000000000000000000000000001]}", "{\"x\": [1, 123456789012345678901234567890]}",
                "{\"x\": [1, 12345678901234567890123456789]}", "{\"x\": [01]}", "{\"x\": [1, 01]}",
                "{\"x\": [1.]}", "{\"x\": [-]}", "{\"x\": [1e]}", "{\"x\": [.5]}", "{\"x\": [+1]}",
                "{\"x\": [1 2]}", "{\"x\": [1,]}", "{\"x\": [,1]}", "{\"x\": [1,,2]}", "{\"x\": [1}",
                "{\"x\": [1, 2", "{\"x\": [1, 2,", "{\"x\": [1, 2]", "{\"x\": [1, /* c */ 2]}",
                "{\"x\": [1, \u0001 2]}", "{\"x\": [1x]}", "{\"x\": [1.5.5]}", "{\"x\": [0x10]}",
                // the numbers limit, over all tensors
                "{\"x\": [" + "1,".repeat(499) + "1]}", "{\"x\": [" + "1,".repeat(500) + "1]}",
                "{\"x\": [" + "1,".repeat(300) + "1], \"y\": [" + "1,".repeat(200) + "1]}",
                // duplicate keys, unknown fields, integers
                "{\"x\": [1], \"x\": [2]}", "{\"x\": [1], \"z\": 2}", "{\"z\": [1], \"x\": [1, \"a\"]}",
                "{\"y\": [0, 1.5]}", "{\"y\": [0, 1.0]}", "{\"y\": [[0, 1], [3, 0]]}", "{\"x\": [1, 2], \"t\": \"2\"}");
        for (String body : bodies) {
            readsAsJackson(body);
        }
    }

    /** The run itself, so that a change which quietly stopped the scanner would not pass unnoticed. */
    @Test
    void readsARunOfNumbersAndLeavesTheParserWhereItsTokensWouldHave() {
        byte[] json = "{\"x\": [1.5, -2,\n 3e2 , 4, \"five\", 6]}".getBytes(StandardCharsets.UTF_8);
        try (ScanningJsonParser scanning = (ScanningJsonParser) SCANNING.createParser(json);
                tools.jackson.core.JsonParser tokens = JACKSON.createParser(json)) {
            for (int i = 0; i < 3; i++) {   // {, "x", [
                scanning.nextToken();
                tokens.nextToken();
            }
            double[] into = new double[8];
            assertThat(scanning.readNumbers(into, 1, 3)).isEqualTo(3);
            assertThat(Arrays.copyOfRange(into, 1, 4)).containsExactly(1.5, -2, 300);
            for (int i = 0; i < 3; i++) {
                tokens.nextToken();
            }
            assertThat(scanning.currentToken()).isEqualTo(tokens.currentToken());
            assertThat(scanning.getDoubleValue()).isEqualTo(300);
            assertThat(scanning.streamReadContext().pathAsPointer().toString()).isEqualTo("/x/2");
            assertThat(scanning.readNumbers(into, 4, 10)).isEqualTo(1);   // 4, then a string ends the run
            tokens.nextToken();
            assertThat(scanning.nextToken()).isEqualTo(tokens.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            assertThat(scanning.currentLocation().getLineNr()).isEqualTo(tokens.currentLocation().getLineNr())
                    .isEqualTo(2);
            assertThat(scanning.currentLocation().getColumnNr()).isEqualTo(tokens.currentLocation().getColumnNr());
            assertThat(scanning.streamReadContext().pathAsPointer().toString()).isEqualTo("/x/4");
            assertThat(scanning.readNumbers(into, 5, 10)).isZero();   // after a string Jackson has not read yet
            assertThat(scanning.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(scanning.readNumbers(into, 5, 10)).isZero();   // the closing bracket is Jackson's
            assertThat(scanning.nextToken()).isEqualTo(JsonToken.END_ARRAY);
        }
    }

    @Test
    void readsLongPrettyPrintedBodiesAndTheirLateErrorsAsJackson() {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder rows = new StringBuilder("{\r\n  \"x\": [\n");
        for (int r = 0; r < 40; r++) {
            rows.append(r == 0 ? "    [" : ",\n    [");
            for (int c = 0; c < 12; c++) {
                rows.append(c == 0 ? "" : c % 5 == 0 ? ",\r\n      " : ", ").append(random.nextGaussian());
            }
            rows.append(']');
        }
        String body = rows.toString();
        assertThat(readsAsJackson(body + "\n  ]\n}")).startsWith("/x rank 2");
        readsAsJackson(body + ",\n    [1, 2, oops]\n  ]\n}");   // a location many lines down
        readsAsJackson(body + "\n  ]\n}\n  x");
        readsAsJackson(body.replace("], [", "],\t\t[").replace(", 1", ",\r\r1") + "]}");
    }

    @Test
    void readsALargeBodyAcrossBuffersGrowthAndCarrierSharesAsJackson() {
        JsonMapper scanning = SCANNING.rebuild().addModule(JsonConfiguration.tensorModule(200_000)).build();
        JsonMapper jackson = JACKSON.rebuild().addModule(JsonConfiguration.tensorModule(200_000)).build();
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder json = new StringBuilder("{\"x\": [");
        for (int i = 0; i < 150_000; i++) {
            json.append(i == 0 ? "" : ",").append(random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30)));
        }
        byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String expected = outcome(jackson, new ByteArrayInputStream(bytes));
        assertThat(expected).startsWith("/x rank 1 lengths [150000]");
        assertThat(outcome(scanning, new ByteArrayInputStream(bytes))).isEqualTo(expected);
        assertThat(outcome(scanning, trickling(bytes, 1000))).isEqualTo(expected);
    }

    @Test
    void bodiesJacksonReadsAsAnotherEncodingGetJacksonsOwnParser() {
        for (String json : List.of("\ufeff{\"x\": [1, 2]}", "{\"x\": [1, 2]}")) {
            for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
                    StandardCharsets.UTF_16LE)) {
                byte[] bytes = json.getBytes(charset);
                assertThat(outcome(SCANNING, new ByteArrayInputStream(bytes))).as("%s in %s", json, charset)
                        .isEqualTo(outcome(JACKSON, new ByteArrayInputStream(bytes)))
                        .startsWith("/x rank 1");
            }
        }
        assertThat(SCANNING.createParser("{\"x\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ScanningJsonParser.class);
        assertThat(SCANNING.createParser(new ByteArrayInputStream("\ufeff{}".getBytes(StandardCharsets.UTF_8))))
                .isNotInstanceOf(ScanningJsonParser.class);
        assertThat(outcome(SCANNING, new ByteArrayInputStream(new byte[0])))
                .isEqualTo(outcome(JACKSON, new ByteArrayInputStream(new byte[0])));
    }

    // Fuzzing: random tensors, printed every way, with random whitespace, and a random corruption.

    static final String[] CORRUPTIONS = {"\"x\"", "true", "null", "{}", "[]", "01", "1.", ",", "]", "[", "1e400",
        "NaN", "/* c */", " 2", "\u0001", "-", "1e", "}", "\"t\": 1", "[[1]]", "-0", "1e-400", ":", "1.0",
        "99999999999999999999999"};

    static String printed(SplittableRandom random) {
        double v = random.nextGaussian() * Math.pow(10, random.nextInt(-20, 20));
        return switch (random.nextInt(6)) {
            case 0 -> Double.toString(v);
            case 1 -> Double.toString(v).toLowerCase(Locale.ROOT);
            case 2 -> String.format(Locale.ROOT, "%.17g", v);
            case 3 -> Long.toString(random.nextLong(-1_000_000, 1_000_000));
            case 4 -> new java.math.BigDecimal(v).round(new java.math.MathContext(random.nextInt(1, 25))).toString();
            default -> Double.toString(Double.longBitsToDouble(random.nextLong()));
        };
    }

    static String whitespace(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> " ";
            case 1 -> "\n";
            case 2 -> "\r\n";
            case 3 -> "\t ";
            case 4 -> "\r";
            default -> "";
        };
    }

    static void tensor(StringBuilder out, SplittableRandom random, int depth) {
        if (depth == 0) {
            out.append(printed(random));
            return;
        }
        out.append('[').append(whitespace(random));
        int length = random.nextInt(10) == 0 ? 0 : random.nextInt(1, 6);
        int ragged = random.nextInt(12) == 0 ? 1 : 0;
        for (int i = 0; i < length; i++) {
            out.append(i == 0 ? "" : "," + whitespace(random));
            tensor(out, random, Math.max(0, depth - 1 + (random.nextInt(20) == 0 ? ragged : 0)));
            out.append(whitespace(random));
        }
        out.append(']');
    }

    @Provide
    Arbitrary<String> fuzzedBodies() {
        return Arbitraries.longs().map(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder json = new StringBuilder("{").append(whitespace(random)).append("\"x\":");
            tensor(json.append(whitespace(random)), random, random.nextInt(1, 4));
            if (random.nextBoolean()) {
                json.append(", \"y\": [0, ").append(random.nextInt(5)).append(']');
            }
            json.append(whitespace(random)).append('}');
            int corruption = random.nextInt(3);
            if (corruption == 1) {
                json.insert(random.nextInt(json.length()), CORRUPTIONS[random.nextInt(CORRUPTIONS.length)]);
            } else if (corruption == 2) {
                json.setLength(random.nextInt(json.length()));
            }
            return json.toString();
        });
    }

    @Property(tries = 3000)
    void anyBodyReadsAsJackson(@ForAll("fuzzedBodies") String body) {
        readsAsJackson(body);
    }

    @Test
    void theFuzzedBodiesReachBothValuesAndErrors() {
        List<String> outcomes = new ArrayList<>();
        fuzzedBodies().sampleStream().limit(400).forEach(body -> outcomes.add(readsAsJackson(body)));
        assertThat(outcomes).anyMatch(o -> o.startsWith("/x rank 3"));
        assertThat(outcomes).anyMatch(o -> o.startsWith("problem SHAPE_MISMATCH"));
        assertThat(outcomes).anyMatch(o -> o.startsWith("problem WRONG_TYPE"));
        assertThat(outcomes).anyMatch(o -> o.contains("StreamReadException"));
    }
}
