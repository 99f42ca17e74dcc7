package io.nnmath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
}
