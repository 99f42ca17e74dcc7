package io.nnmath.system;

import java.io.IOException;
import java.util.List;

import io.nnmath.Contract;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi/openapi.yaml is the published contract: what the running app serves at /v3/api-docs
 * must be the same document (paths, operations, schemas, examples), so that neither can drift.
 * After a deliberate change of the API, refresh the file with scripts/openapi.sh.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

    @LocalServerPort
    int port;

    JsonNode served() {
        TestHttp.Answer answer = new TestHttp(port).send(java.net.http.HttpRequest.newBuilder(
                new TestHttp(port).uri("/v3/api-docs")).GET());
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theServedDocumentIsTheCommittedContract() throws IOException {
        JsonNode committed = Contract.committed();
        JsonNode served = served();
        assertThat(served.path("openapi").asString()).isEqualTo("3.1.0");
        for (String part : new String[] {"info", "servers", "tags", "paths", "components"}) {
            assertThat(served.path(part)).as("%s differs between /v3/api-docs and %s; if the change is meant, "
                    + "refresh the file with scripts/openapi.sh", part, Contract.FILE).isEqualTo(committed.path(part));
        }
    }

    /** Swagger UI lists the tags in the document's order (it has no tags-sorter): the order a learner meets them. */
    @Test
    void theTagsComeInTeachingOrder() {
        List<String> tags = new java.util.ArrayList<>();
        served().path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags).containsExactly("softmax", "loss", "gradient", "rnn", "network", "oip");
    }

    @Test
    void everyOperationDocumentsItsProblemsAsProblemJson() throws IOException {
        JsonNode paths = Contract.committed().path("paths");
        // 10 JSON endpoints, and the Open Inference Protocol's 9 paths under /v2
        assertThat(paths.properties()).hasSize(19);
        paths.properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode responses = op.getValue().path("responses");
            assertThat(responses.has("200")).as(path.getKey()).isTrue();
            if (op.getKey().equals("post")) {
                for (String status : new String[] {"400", "408", "413", "415", "422", "503"}) {
                    assertThat(responses.path(status).path("content").has("application/problem+json"))
                            .as("%s %s", path.getKey(), status).isTrue();
                }
                assertThat(op.getValue().path("requestBody").path("content").path("application/json")
                        .path("examples").size()).as("examples of %s", path.getKey()).isPositive();
                // each operation's own error examples: pointers into its own fields
                if (!path.getKey().contains("softmax")) {
                    assertThat(responses.path("400").toString() + responses.path("422"))
                            .as("the error examples of %s point at its own fields", path.getKey())
                            .doesNotContain("/logits");
                }
            } else if (path.getKey().contains("{model}")) {
                assertThat(responses.path("404").path("content").has("application/problem+json"))
                        .as("%s 404", path.getKey()).isTrue();
            }
            assertThat(op.getValue().path("description").asString()).as(path.getKey()).isNotBlank();
        }));
        assertThat(paths.path("/v2/models/{model}/infer").path("post").path("requestBody").path("content")
                .has("application/octet-stream")).isTrue();
    }
}
