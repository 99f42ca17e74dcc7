package io.nnmath;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on problem+json answers, shared by the endpoint tests. */
public final class ProblemAssertions {

    public static final String PROBLEMS = "https://nnmath.io/problems/";

    private ProblemAssertions() {
    }

    /** Asserts the common shape of a problem answer (and that it leaks nothing) and returns its body. */
    public static JsonNode problem(TestHttp.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = answer.json();
        assertThat(body.path("type").asString()).isEqualTo(PROBLEMS + type);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("detail").asString()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "at io.", "at org.", "tools.jackson");
        return body;
    }

    /** Posts {@code body} and asserts the problem answer and the pointer of its first error. */
    public static void rejects(TestHttp http, String path, String body, int status, String type, String pointer) {
        pointsAt(problem(http.post(path, body), status, type), pointer);
    }

    /** Asserts that the first error points at {@code pointer}, with a message, named in the detail too. */
    public static void pointsAt(JsonNode problem, String pointer) {
        assertThat(problem.path("errors").get(0).path("pointer").asString()).isEqualTo(pointer);
        assertThat(problem.path("errors").get(0).path("message").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).contains(pointer);
    }
}
