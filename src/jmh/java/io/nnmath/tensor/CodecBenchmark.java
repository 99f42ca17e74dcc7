package io.nnmath.tensor;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.internal.shaded.fdp.JavaDoubleParser;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON tensor codec alone, in ns per number (1,000,000 numbers a call): reading a softmax body
 * of 1M logits, or of 10,000 rows of 100, into double[], and writing the numbers back, next to
 * Jackson databind binding double[] / double[][] (a plain Spring app) and Jackson's streaming
 * parser and generator driven by hand. The numbers are N(0, 3) printed by Double.toString, 16 to 17
 * significant digits as a client that dumps doubles sends them; the bodies are in memory and the
 * answers go to a stream that drops them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CodecBenchmark.NUMBERS)
@Fork(value = 3, jvmArgsAppend = "-Xmx2g")
public class CodecBenchmark {

    static final int NUMBERS = 1_000_000;

    @Param({"1x1000000", "10000x100"})
    public String shape;

    record Request(NumberArray logits) {
    }

    record Answer(Tensor probabilities) {
    }

    record Rank1(double[] logits) {
    }

    record Rank2(double[][] logits) {
    }

    record Rank1Answer(double[] probabilities) {
    }

    record Rank2Answer(double[][] probabilities) {
    }

    private int rows;
    private int cols;
    private byte[] body;
    private double[] flat;
    private double[][] nested;
    private double[] into;
    private byte[] numbers;
    private int[] starts;
    private byte[] printed;
    private JsonMapper nnmath;
    private JsonMapper nnmathTokens;
    private JsonMapper databind;
    private JsonFactory streaming;

    @Setup
    public void setUp() {
        String[] rc = shape.split("x");
        rows = Integer.parseInt(rc[0]);
        cols = Integer.parseInt(rc[1]);
        SplittableRandom random = new SplittableRandom(20240601);
        flat = new double[rows * cols];
        nested = new double[rows][cols];
        StringBuilder json = new StringBuilder(24 * flat.length).append("{\"logits\":");
        json.append(rows == 1 ? "" : "[");
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cols; c++) {
                double v = random.nextGaussian() * 3;
                flat[r * cols + c] = v;
                nested[r][c] = v;
                json.append(c == 0 ? "" : ",").append(v);
            }
            json.append(']');
        }
        body = json.append(rows == 1 ? "}" : "]}").toString().getBytes(StandardCharsets.UTF_8);
        into = new double[flat.length];
        StringBuilder list = new StringBuilder(24 * flat.length);
        for (double v : flat) {
            list.append(v).append(',');
        }
        numbers = list.append("        ").toString().getBytes(StandardCharsets.US_ASCII);
        starts = new int[flat.length + 1];
        for (int i = 0, k = 1; i < numbers.length && k <= flat.length; i++) {
            if (numbers[i] == ',') {
                starts[k++] = i + 1;
            }
        }
        printed = new byte[flat.length * (DoublePrinter.MAX_BYTES + 1)];
        nnmath = mapper(ScanningJsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        nnmathTokens = mapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        databind = JsonMapper.builder().build();
        streaming = JsonFactory.builder().build();
    }

    private static JsonMapper mapper(JsonFactory factory) {
        return JsonMapper.builder(factory).addModule(JsonConfiguration.tensorModule(4 * NUMBERS)).build();
    }

    /** nnmath's reader: numbers scanned straight from the bytes. */
    @Benchmark
    public NumberArray readNnmath() {
        return nnmath.readValue(body, Request.class).logits();
    }

    /** nnmath's reader through Jackson's own parser, a token and a getDoubleValue() a number (as before). */
    @Benchmark
    public NumberArray readNnmathTokens() {
        return nnmathTokens.readValue(body, Request.class).logits();
    }

    /** A plain Spring app: databind binds double[] or double[][]. */
    @Benchmark
    public Object readDatabind() {
        return rows == 1 ? databind.readValue(body, Rank1.class) : databind.readValue(body, Rank2.class);
    }

    /** Jackson's streaming parser by hand, into an array of the right size. */
    @Benchmark
    public double[] readStreaming() {
        try (JsonParser p = streaming.createParser(ObjectReadContext.empty(), body)) {
            int n = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    into[n++] = p.getDoubleValue();
                }
            }
            return into;
        }
    }

    /** nnmath's writer: Double.toString's text printed straight into the generator's buffer. */
    @Benchmark
    public void writeNnmath() {
        nnmath.writeValue(OutputStream.nullOutputStream(), new Answer(rows == 1 ? new Tensor(flat, cols)
                : new Tensor(flat, rows, cols)));
    }

    /** A plain Spring app: databind writes double[] or double[][]. */
    @Benchmark
    public void writeDatabind() {
        databind.writeValue(OutputStream.nullOutputStream(), rows == 1 ? new Rank1Answer(flat)
                : new Rank2Answer(nested));
    }

    /** Jackson's streaming generator by hand, writeNumber(double) a number. */
    @Benchmark
    public void writeStreaming() {
        try (JsonGenerator g = streaming.createGenerator(ObjectWriteContext.empty(), OutputStream.nullOutputStream())) {
            g.writeStartObject();
            g.writeName("probabilities");
            if (rows > 1) {
                g.writeStartArray();
            }
            for (int r = 0; r < rows; r++) {
                g.writeStartArray();
                for (int c = 0; c < cols; c++) {
                    g.writeNumber(flat[r * cols + c]);
                }
                g.writeEndArray();
            }
            if (rows > 1) {
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /** The number algorithms alone, no JSON around them: every number's text scanned into a double. */
    @Benchmark
    public double[] scanNumbersOnly() {
        byte[] text = numbers;
        int pos = 0;
        for (int i = 0; i < NUMBERS; i++) {
            pos = NumberScanner.scan(text, pos, text.length, 1000, into, i) + 1;
        }
        return into;
    }

    /**
     * A floor for scanning: FastDoubleParser (the copy shaded in jackson-core) parsing each number's
     * bytes, whose start and length are given, so that it need not find them.
     */
    @Benchmark
    public double[] parseFastDoubleParser() {
        byte[] text = numbers;
        int[] at = starts;
        for (int i = 0; i < NUMBERS; i++) {
            into[i] = JavaDoubleParser.parseDouble(text, at[i],
                    at[i + 1] - at[i] - 1);
        }
        return into;
    }

    /** A floor for printing: the JDK's Double.toString, its String copied into the same buffer. */
    @Benchmark
    @SuppressWarnings("deprecation")   // String.getBytes(int, int, byte[], int): a Latin-1 copy, no charset
    public int printJdkToString() {
        byte[] text = printed;
        int pos = 0;
        for (double v : flat) {
            String s = Double.toString(v);
            s.getBytes(0, s.length(), text, pos);
            pos += s.length();
            text[pos++] = ',';
        }
        return pos;
    }

    /** The number algorithms alone: every number printed, comma-separated, into one byte array. */
    @Benchmark
    public int printNumbersOnly() {
        byte[] text = printed;
        int pos = 0;
        for (double v : flat) {
            pos = DoublePrinter.print(v, text, pos);
            text[pos++] = ',';
        }
        return pos;
    }
}
