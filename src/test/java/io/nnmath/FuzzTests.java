package io.nnmath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
 * bodies. No answer is a 5xx; a 200 holds only finite numbers and only fields its OpenAPI schema
 * names; everything else is problem+json.
 */
public class FuzzTests {

    static final JsonMapper STRICT = JsonMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final AtomicInteger SENT = new AtomicInteger();

    static ConfigurableApplicationContext app;
    static TestHttp http;
    static List<GoldenCase> cases;
    static JsonNode contract;

    @BeforeContainer
    static void start() throws IOException {
        app = new SpringApplicationBuilder(NnMathApplication.class).run("--server.port=0",
                "--management.server.port=0", "--logging.level.io.nnmath=OFF");
        http = new TestHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
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
                    scale(request, new java.util.SplittableRandom(seed));
                    return new Fuzzed(base.endpoint(), request.toString());
                });
    }

    /** Multiplies every floating-point number below {@code node} by 10^k, one k per number or one for all. */
    static void scale(JsonNode node, java.util.SplittableRandom random) {
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


}
