package io.nnmath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;

/** The committed contract, openapi/openapi.yaml, as a JSON tree. */
public final class Contract {

    public static final Path FILE = Path.of("openapi/openapi.yaml");

    private Contract() {
    }

    public static JsonNode committed() throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(FILE));
        return TestHttp.JSON.readTree(TestHttp.JSON.writeValueAsString(yaml));
    }

    /** The properties of the 200 response schema of POST {@code endpoint} in the contract. */
    public static Set<String> responseFields(JsonNode contract, String endpoint) {
        JsonNode content = contract.path("paths").path(endpoint).path("post").path("responses").path("200").path("content");
        String ref = content.iterator().next().path("schema").path("$ref").asString();
        JsonNode schema = contract.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        Set<String> names = new TreeSet<>();
        schema.path("properties").propertyNames().forEach(names::add);
        return names;
    }

    /** The schema of the 200 answer of POST {@code endpoint}. */
    public static JsonNode responseSchema(JsonNode contract, String endpoint) {
        return contract.path("paths").path(endpoint).path("post").path("responses").path("200").path("content")
                .iterator().next().path("schema");
    }

    /**
     * Where {@code node} breaks {@code schema} ($ref, oneOf, object, array, number, integer, string,
     * boolean, as openapi.yaml uses them): JSON Pointers with what was found. A number must also
     * be finite, and a string never stands where a number belongs.
     */
    public static List<String> violations(JsonNode contract, JsonNode schema, JsonNode node, String at) {
        List<String> found = new ArrayList<>();
        collectViolations(contract, schema, node, at, found);
        return found;
    }

    private static void collectViolations(JsonNode contract, JsonNode schema, JsonNode node, String at,
                                          List<String> found) {
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asString();
            collectViolations(contract, contract.path("components").path("schemas")
                    .path(ref.substring(ref.lastIndexOf('/') + 1)), node, at, found);
            return;
        }
        if (schema.has("oneOf")) {
            for (JsonNode option : schema.path("oneOf")) {
                if (violations(contract, option, node, at).isEmpty()) {
                    return;
                }
            }
            found.add(at + ": " + node + " matches none of " + schema.path("oneOf"));
            return;
        }
        String type = schema.path("type").asString("");
        switch (type) {
            case "object" -> {
                if (!node.isObject()) {
                    found.add(at + ": " + node + " is not an object");
                    return;
                }
                for (String name : node.propertyNames()) {
                    JsonNode property = schema.path("properties").path(name);
                    if (property.isMissingNode()) {
                        found.add(at + "/" + name + ": not in the schema");
                    } else {
                        collectViolations(contract, property, node.get(name), at + "/" + name, found);
                    }
                }
            }
            case "array" -> {
                if (!node.isArray()) {
                    found.add(at + ": " + node + " is not an array");
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    collectViolations(contract, schema.path("items"), node.get(i), at + "/" + i, found);
                }
            }
            case "number" -> {
                if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
                    found.add(at + ": " + node + " is not a finite number");
                }
            }
            case "integer" -> {
                if (!node.isIntegralNumber()) {
                    found.add(at + ": " + node + " is not an integer");
                }
            }
            case "string" -> {
                if (!node.isString()) {
                    found.add(at + ": " + node + " is not a string");
                }
            }
            case "boolean" -> {
                if (!node.isBoolean()) {
                    found.add(at + ": " + node + " is not a boolean");
                }
            }
            default -> { }
        }
    }

    /** The top-level fields of an answer. */
    public static Set<String> fieldsOf(JsonNode answer) {
        Set<String> names = new TreeSet<>();
        answer.propertyNames().forEach(names::add);
        return names;
    }
}
