package io.nnmath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The top-level fields of an answer. */
    public static Set<String> fieldsOf(JsonNode answer) {
        Set<String> names = new TreeSet<>();
        answer.propertyNames().forEach(names::add);
        return names;
    }
}
