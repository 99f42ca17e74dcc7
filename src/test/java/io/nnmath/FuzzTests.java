package io.nnmath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.nnmath.oip.GoldenOip;
import io.nnmath.oip.OipClient;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing every endpoint through the real server: every reference request, mutated (a value
 * replaced by hostile JSON, a field dropped or invented, the text cut short), and arbitrary
 * bodies; and the same through the Open Inference Protocol, JSON headers and binary bodies. No answer
 * is a 5xx; a 200 holds only finite numbers and only fields its OpenAPI schema names (OIP: only
 * finite outputs); everything else is problem+json (OIP: with the error member).
 */
public class FuzzTests {

    static final JsonMapper STRICT = JsonMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final AtomicInteger SENT = new AtomicInteger();

    static ConfigurableApplicationContext app;
    static TestHttp http;
    static OipClient client;
    static List<GoldenCase> cases;
    static JsonNode contract;

    @BeforeContainer
    static void start() throws IOException {
        app = new SpringApplicationBuilder(NnMathApplication.class).run("--server.port=0",
                "--management.server.port=0", "--logging.level.io.nnmath=OFF");
        http = new TestHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        client = new OipClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        cases = GoldenCase.all();
        contract = Contract.committed();
    }

    @AfterContainer
    static void stop() {
        System.out.println("FuzzTests: " + SENT.get() + " requests sent");
        app.close();
    }

    /** Hostile JSON values: extremes, wrong types, empty and deep structures. */
    public static Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.of(
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1e308), NODES.numberNode(-1e308),
                NODES.numberNode(4.9e-324), NODES.numberNode(2.5), NODES.numberNode(Integer.MAX_VALUE),
                NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                NODES.stringNode("NaN"), NODES.stringNode(""), NODES.booleanNode(true), NODES.nullNode(),
                NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode())),
                NODES.arrayNode().add(1).add("x"), NODES.arrayNode().add(NODES.arrayNode().add(1)).add(2),
                NODES.objectNode().put("logits", 1));
    }

    record Fuzzed(String endpoint, String body) {
    }

    @Provide
    Arbitrary<Fuzzed> mutatedReferenceRequests() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 4), hostileValues()).as((c, where, how, value) -> {
                    GoldenCase base = cases.get(c % cases.size());
                    JsonNode request = base.request().deepCopy();
                    return new Fuzzed(base.endpoint(), mutate(request, where, how, value));
                });
    }

    /** One mutation of the request's tree (or text), chosen by {@code how}, at the node chosen by {@code where}. */
    public static String mutate(JsonNode request, int where, int how, JsonNode value) {
        List<Object[]> slots = new ArrayList<>();
        collect(request, slots);
        Object[] slot = slots.get(where % slots.size());
        switch (how) {
            case 0, 1 -> set(slot, value);
            case 2 -> {
                if (slot[0] instanceof ObjectNode parent) {
                    parent.remove((String) slot[1]);
                } else {
                    set(slot, value);
                }
            }
            case 3 -> ((ObjectNode) request).set("unknownField" + where % 3, value);
            default -> {
                String text = request.toString();
                return text.substring(0, where % Math.max(1, text.length()));
            }
        }
        return request.toString();
    }

    /** Every (parent, key or index) of the tree below the root. */
    static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext(); ) {
                String name = names.next();
                slots.add(new Object[] {object, name});
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Object[] {array, i});
                collect(array.get(i), slots);
            }
        }
    }

    static void set(Object[] slot, JsonNode value) {
        if (slot[0] instanceof ObjectNode parent) {
            parent.set((String) slot[1], value.deepCopy());
        } else {
            ((ArrayNode) slot[0]).set((Integer) slot[1], value.deepCopy());
        }
    }

    @Property(tries = 1500)
    void mutatedRequestsAreNeverAnswered5xx(@ForAll("mutatedReferenceRequests") Fuzzed fuzzed) {
        check(fuzzed.endpoint(), fuzzed.body());
    }

    /**
     * Every reference request with its real numbers (weights, inputs, logits, probabilities) each
     * multiplied by 10^k, k from -300 to 300, a random sign kept: no 5xx, and every 200 finite.
     */
    @Property(tries = 600)
    void extremeMagnitudesAreNeverAnswered5xxNorNonFinite(@ForAll("extremeRequests") Fuzzed fuzzed) {
        check(fuzzed.endpoint(), fuzzed.body());
    }

    @Provide
    Arbitrary<Fuzzed> extremeRequests() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.longs())
                .as((c, seed) -> {
                    GoldenCase base = cases.get(c % cases.size());
                    JsonNode request = base.request().deepCopy();
                    scale(request, new SplittableRandom(seed));
                    return new Fuzzed(base.endpoint(), request.toString());
                });
    }

    /** Multiplies every floating-point number below {@code node} by 10^k, one k per number or one for all. */
    static void scale(JsonNode node, SplittableRandom random) {
        List<Object[]> slots = new ArrayList<>();
        collect(node, slots);
        boolean oneForAll = random.nextBoolean();
        int shared = random.nextInt(-300, 301);
        for (Object[] slot : slots) {
            JsonNode value = slot[0] instanceof ObjectNode parent ? parent.get((String) slot[1])
                    : ((ArrayNode) slot[0]).get((Integer) slot[1]);
            if (value.isFloatingPointNumber()) {
                double scaled = value.asDouble() * Math.pow(10, oneForAll ? shared : random.nextInt(-300, 301));
                set(slot, NODES.numberNode(Double.isFinite(scaled) ? scaled : Math.copySign(1e300, scaled)));
            }
        }
    }

    @Property(tries = 300)
    void arbitraryBodiesAreNeverAnswered5xx(@ForAll("endpoints") String endpoint, @ForAll("bodies") String body) {
        check(endpoint, body);
    }

    @Provide
    Arbitrary<String> endpoints() {
        return Arbitraries.of(cases.stream().map(GoldenCase::endpoint).distinct().toList());
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                hostileValues().map(JsonNode::toString),
                Arbitraries.strings().withChars("[]{},:\"0123456789.eE-+ntrufalse").ofMaxLength(300));
    }

    static void check(String endpoint, String body) {
        SENT.incrementAndGet();
        TestHttp.Answer answer = http.post(endpoint, body);
        assertThat(answer.status()).as("%s %s -> %s", endpoint, body, answer.body()).isBetween(200, 499);
        if (answer.status() == 200) {
            assertThat(answer.contentType()).startsWith("application/json");
            JsonNode json = STRICT.readTree(answer.body()); // a bare NaN or Infinity would not parse
            assertThat(Contract.violations(contract, Contract.responseSchema(contract, endpoint), json, ""))
                    .as("%s %s -> %s", endpoint, body, answer.body()).isEmpty();
        } else {
            assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
            assertThat(answer.json().path("type").asString()).startsWith(ProblemAssertions.PROBLEMS);
        }
    }


    // The Open Inference Protocol: every reference case as an inference request, its JSON header
    // mutated, its binary body cut, padded or corrupted, or its announced header length wrong.

    record OipFuzzed(String model, byte[] header, byte[] binary) {
    }

    @Provide
    Arbitrary<OipFuzzed> mutatedHeaders() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 4), hostileValues(), Arbitraries.of("FP64", "FP32"))
                .as((c, where, how, value, real) -> {
                    GoldenOip oip = GoldenOip.of(cases.get(c % cases.size()), real, where % 2 == 0);
                    ObjectNode header = OipClient.header(oip.inputs(), oip.parameters(), null, false, null);
                    String text = mutate(header, where, how, value);
                    return new OipFuzzed(oip.model(), text.getBytes(), null);
                });
    }

    @Provide
    Arbitrary<OipFuzzed> brokenBinaryBodies() {
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
                    return new OipFuzzed(oip.model(), TestHttp.JSON.writeValueAsBytes(header), binary);
                });
    }

    @Property(tries = 800)
    void mutatedHeadersAreNeverAnswered5xx(@ForAll("mutatedHeaders") OipFuzzed fuzzed) {
        checkOip(client.post(fuzzed.model(), fuzzed.header(), null));
    }

    @Property(tries = 500)
    void brokenBinaryBodiesAreNeverAnswered5xx(@ForAll("brokenBinaryBodies") OipFuzzed fuzzed) {
        checkOip(client.post(fuzzed.model(), fuzzed.header(), fuzzed.binary()));
    }

    @Property(tries = 200)
    void wrongHeaderLengthsAreNeverAnswered5xx(@ForAll("brokenBinaryBodies") OipFuzzed fuzzed,
                                                @ForAll("headerLengths") String length) {
        byte[] body = new byte[fuzzed.header().length + fuzzed.binary().length];
        System.arraycopy(fuzzed.header(), 0, body, 0, fuzzed.header().length);
        System.arraycopy(fuzzed.binary(), 0, body, fuzzed.header().length, fuzzed.binary().length);
        checkOip(client.send(HttpRequest.newBuilder(java.net.URI.create(client.base() + "/v2/models/" + fuzzed.model()
                        + "/infer")).header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", length.replace("N", Integer.toString(fuzzed.header().length)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    @Provide
    Arbitrary<String> headerLengths() {
        return Arbitraries.of("0", "1", "-1", "N", "N1", "99999999999", "abc", " N ", "2147483648");
    }

    static void checkOip(OipClient.Answer answer) {
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
