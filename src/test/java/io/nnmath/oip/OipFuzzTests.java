package io.nnmath.oip;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.nnmath.FuzzTests;
import io.nnmath.GoldenCase;
import io.nnmath.NnMathApplication;
import io.nnmath.ProblemAssertions;
import io.nnmath.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the Open Inference Protocol through the real server: every reference case as an
 * inference request, its JSON header mutated (a value replaced by hostile JSON, a field dropped or
 * invented, the text cut short), and its binary body cut, padded, or with its announced header
 * length wrong. No answer is a 5xx; every 200 holds only finite numbers; every error is
 * problem+json with the OIP error member.
 */
class OipFuzzTests {

    static final AtomicInteger SENT = new AtomicInteger();

    static ConfigurableApplicationContext app;
    static OipClient client;
    static List<GoldenCase> cases;

    @BeforeContainer
    static void start() {
        app = new SpringApplicationBuilder(NnMathApplication.class).run("--server.port=0",
                "--management.server.port=0", "--logging.level.io.nnmath=OFF");
        client = new OipClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        cases = GoldenCase.all();
    }

    @AfterContainer
    static void stop() {
        System.out.println("OipFuzzTests: " + SENT.get() + " requests sent");
        app.close();
    }

    record Fuzzed(String model, byte[] header, byte[] binary) {
    }

    @Provide
    Arbitrary<Fuzzed> mutatedHeaders() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 4), FuzzTests.hostileValues(), Arbitraries.of("FP64", "FP32"))
                .as((c, where, how, value, real) -> {
                    GoldenOip oip = GoldenOip.of(cases.get(c % cases.size()), real, where % 2 == 0);
                    ObjectNode header = OipClient.header(oip.inputs(), oip.parameters(), null, false, null);
                    String text = FuzzTests.mutate(header, where, how, value);
                    return new Fuzzed(oip.model(), text.getBytes(), null);
                });
    }

    @Provide
    Arbitrary<Fuzzed> brokenBinaryBodies() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.longs(),
                Arbitraries.integers().between(0, 3)).as((c, seed, how) -> {
                    GoldenOip oip = GoldenOip.of(cases.get(c % cases.size()), seed % 2 == 0 ? "FP64" : "FP32", true);
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    ObjectNode header = OipClient.header(oip.inputs(), oip.parameters(), null, true, bytes);
                    byte[] binary = bytes.toByteArray();
                    SplittableRandom random = new SplittableRandom(seed);
                    switch (how) {
                        case 0 -> binary = java.util.Arrays.copyOf(binary, random.nextInt(binary.length + 1));
                        case 1 -> binary = java.util.Arrays.copyOf(binary, binary.length + 1 + random.nextInt(16));
                        case 2 -> {
                            for (int i = 0; i < 1 + random.nextInt(4) && binary.length > 0; i++) {
                                binary[random.nextInt(binary.length)] = (byte) random.nextInt(256); // NaN, inf, huge
                            }
                        }
                        default -> { }
                    }
                    return new Fuzzed(oip.model(), io.nnmath.TestHttp.JSON.writeValueAsBytes(header), binary);
                });
    }

    @Property(tries = 800)
    void mutatedHeadersAreNeverAnswered5xx(@ForAll("mutatedHeaders") Fuzzed fuzzed) {
        check(client.post(fuzzed.model(), fuzzed.header(), null));
    }

    @Property(tries = 500)
    void brokenBinaryBodiesAreNeverAnswered5xx(@ForAll("brokenBinaryBodies") Fuzzed fuzzed) {
        check(client.post(fuzzed.model(), fuzzed.header(), fuzzed.binary()));
    }

    @Property(tries = 200)
    void wrongHeaderLengthsAreNeverAnswered5xx(@ForAll("brokenBinaryBodies") Fuzzed fuzzed,
                                                @ForAll("headerLengths") String length) {
        byte[] body = new byte[fuzzed.header().length + fuzzed.binary().length];
        System.arraycopy(fuzzed.header(), 0, body, 0, fuzzed.header().length);
        System.arraycopy(fuzzed.binary(), 0, body, fuzzed.header().length, fuzzed.binary().length);
        check(client.send(HttpRequest.newBuilder(java.net.URI.create(client.base() + "/v2/models/" + fuzzed.model()
                        + "/infer")).header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", length.replace("N", Integer.toString(fuzzed.header().length)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    @Provide
    Arbitrary<String> headerLengths() {
        return Arbitraries.of("0", "1", "-1", "N", "N1", "99999999999", "abc", " N ", "2147483648");
    }

    static void check(OipClient.Answer answer) {
        SENT.incrementAndGet();
        assertThat(answer.status()).as(answer.body().toString()).isBetween(200, 499);
        if (answer.status() == 200) {
            for (OipClient.Tensor t : answer.outputs().values()) {
                for (double v : t.values()) {
                    assertThat(Double.isFinite(v)).as(answer.body().toString()).isTrue();
                }
            }
        } else {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            JsonNode body = answer.body();
            assertThat(body.path("type").asString()).startsWith(ProblemAssertions.PROBLEMS);
            assertThat(body.path("error").asString()).isEqualTo(body.path("detail").asString());
        }
    }
}
