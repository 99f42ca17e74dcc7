package io.nnmath.tensor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import io.nnmath.compute.Segments;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tensor writer on its own: every number reads back as the same double and is printed as
 * Double.toString prints it, across the generator's buffer boundaries (where a number goes through
 * the flush path), at every rank, and through the fallback for generators other than the UTF-8 one.
 */
class TensorWriterTests {

    record Body(Tensor t) {
    }

    final JsonMapper mapper = JsonMapper.builder().addModule(JsonConfiguration.tensorModule(1_000_000)).build();

    static double[] awkwardNumbers(int n) {
        SplittableRandom random = new SplittableRandom(5);
        double[] special = {0.0, -0.0, 1.0, -2.2250738585072014E-308, Double.MIN_VALUE, Double.MAX_VALUE,
            1e21, 1e-7, 0.1, 123456789012345680.0, -1.7976931348623157E308};
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> special[i / 4 % special.length];
                case 1 -> random.nextDouble();
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
                default -> random.nextInt(-1000, 1000);
            };
        }
        return x;
    }

    @Test
    void everyNumberReadsBackAsTheSameDoubleAcrossBufferBoundaries() {
        double[] x = awkwardNumbers(50_000); // about a megabyte: over a hundred generator buffers
        JsonNode written = mapper.readTree(mapper.writeValueAsBytes(new Body(new Tensor(x, 250, 200))));
        JsonNode rows = written.get("t");
        assertThat(rows.size()).isEqualTo(250);
        for (int r = 0; r < 250; r++) {
            assertThat(rows.get(r).size()).isEqualTo(200);
            for (int c = 0; c < 200; c++) {
                assertThat(rows.get(r).get(c).doubleValue()).as("[%d][%d]", r, c).isEqualTo(x[r * 200 + c]);
            }
        }
    }

    @Test
    void printsEveryNumberAsDoubleToStringDoesAcrossBufferBoundaries() {
        double[] x = awkwardNumbers(40_000);
        StringBuilder expected = new StringBuilder("{\"t\":[");
        for (int r = 0; r < 200; r++) {
            expected.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < 200; c++) {
                expected.append(c == 0 ? "" : ",").append(x[r * 200 + c]);
            }
            expected.append(']');
        }
        assertThat(new String(mapper.writeValueAsBytes(new Body(new Tensor(x, 200, 200))), StandardCharsets.UTF_8))
                .isEqualTo(expected.append("]}").toString());
    }

    @Test
    void writesTheShortestTextAndEveryRank() {
        assertThat(new String(mapper.writeValueAsBytes(new Body(new Tensor(new double[] {0.1, 1e-7, 2}, 3)))))
                .isEqualTo("{\"t\":[0.1,1.0E-7,2.0]}");
        assertThat(new String(mapper.writeValueAsBytes(new Body(new Tensor(new double[] {0.5})))))
                .isEqualTo("{\"t\":0.5}");
        assertThat(new String(mapper.writeValueAsBytes(new Body(new Tensor(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)))))
                .isEqualTo("{\"t\":[[[1.0,2.0],[3.0,4.0]],[[5.0,6.0],[7.0,8.0]]]}");
    }

    @Test
    void otherGeneratorsWriteTheSameNumbers() {
        double[] x = awkwardNumbers(3_000);
        Body body = new Body(new Tensor(x, 3, 1000));
        assertThat(mapper.readTree(mapper.writeValueAsString(body)))
                .isEqualTo(mapper.readTree(mapper.writeValueAsBytes(body)));
    }

    @Test
    void writesAVectorInPartsAsOneArray() {
        // 2 full parts and 7 numbers, the last part's array longer than what it holds
        double[] x = awkwardNumbers(2 * Segments.PART + 7);
        double[][] parts = {Arrays.copyOfRange(x, 0, Segments.PART),
            Arrays.copyOfRange(x, Segments.PART, 2 * Segments.PART),
            Arrays.copyOf(Arrays.copyOfRange(x, 2 * Segments.PART, x.length), 40)};
        Body inParts = new Body(Tensor.of(new Segments(parts, x.length)));
        String whole = new String(mapper.writeValueAsBytes(new Body(Tensor.of(x))), StandardCharsets.UTF_8);
        assertThat(new String(mapper.writeValueAsBytes(inParts), StandardCharsets.UTF_8)).isEqualTo(whole);
        assertThat(mapper.readTree(mapper.writeValueAsString(inParts))).isEqualTo(mapper.readTree(whole));
        assertThat(inParts.t().data()).containsExactly(x);
    }

    /** The text Jackson writes for nested arrays of {@code shape} over {@code x}, built by hand. */
    static String expectedText(double[] x, int... shape) {
        StringBuilder text = new StringBuilder();
        int[] at = {0};
        appendArray(text, x, shape, 0, at);
        return text.toString();
    }

    private static void appendArray(StringBuilder text, double[] x, int[] shape, int axis, int[] at) {
        text.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            text.append(i == 0 ? "" : ",");
            if (axis == shape.length - 1) {
                text.append(x[at[0]++]);
            } else {
                appendArray(text, x, shape, axis + 1, at);
            }
        }
        text.append(']');
    }

    @Test
    void largeTensorsArePrintedInPiecesAsJacksonWritesThem() {
        int n = TensorPieces.MIN_NUMBERS;
        int[][] shapes = {{n + 5}, {300, 300}, {3, 7, 4000}, {n + 1, 1}, {2, 2, n / 4 + 3}};
        for (int[] shape : shapes) {
            double[] x = awkwardNumbers(Arrays.stream(shape).reduce(1, Math::multiplyExact));
            Body body = new Body(new Tensor(x, shape));
            String expected = "{\"t\":" + expectedText(x, shape) + "}";
            assertThat(new String(mapper.writeValueAsBytes(body), StandardCharsets.UTF_8))
                    .as(Arrays.toString(shape)).isEqualTo(expected);
            assertThat(mapper.writeValueAsString(body)).as("through a String").isEqualTo(expected);
        }
        // a vector in parts, pieces from each part
        double[] x = awkwardNumbers(3 * Segments.PART + 17);
        double[][] parts = new double[4][];
        for (int k = 0; k < 4; k++) {
            parts[k] = Arrays.copyOfRange(x, k * Segments.PART, Math.min(x.length, (k + 1) * Segments.PART));
        }
        assertThat(new String(mapper.writeValueAsBytes(new Body(Tensor.of(new Segments(parts, x.length)))),
                StandardCharsets.UTF_8)).isEqualTo("{\"t\":" + expectedText(x, x.length) + "}");
        assertThat(Segments.PART % TensorPieces.PIECE).as("a piece never spans two parts").isZero();
    }

    @Test
    void aStreamThatFailsMidwayEndsTheAnswerWithItsError() {
        double[] x = awkwardNumbers(4 * TensorPieces.MIN_NUMBERS);
        java.io.OutputStream failing = new java.io.OutputStream() {
            long written;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                written += len;
                if (written > 1_000_000) {
                    throw new java.io.IOException("the client left");
                }
            }
        };
        assertThatThrownBy(() -> mapper.writeValue(failing, new Body(Tensor.of(x))))
                .hasRootCauseMessage("the client left");
        // and the writer is whole afterwards
        assertThat(new String(mapper.writeValueAsBytes(new Body(Tensor.of(x))), StandardCharsets.UTF_8))
                .isEqualTo("{\"t\":" + expectedText(x, x.length) + "}");
    }
}
