package io.nnmath.bench.echo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * What a plain Spring app does with nnmath's /softmax body: Spring MVC binds it to a record with
 * Jackson databind, the logits as {@code double[]} (one row, {@code /echo}) or {@code double[][]}
 * (a batch, {@code /echo/rows}), and writes the same numbers back as "probabilities". Nothing is
 * computed or checked, so its time is the floor of Tomcat + Spring MVC + Jackson for the same bytes
 * in and out. {@code /echo/tree} binds a {@link JsonNode} tree instead (any shape), which is slower.
 */
@SpringBootApplication
public class EchoApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoApplication.class, args);
    }

    /** The requests; other fields (classNames, temperature, ...) are ignored by Spring Boot's Jackson defaults. */
    record Row(double[] logits) {
    }

    record Rows(double[][] logits) {
    }

    record Tree(JsonNode logits) {
    }

    /** The responses, shaped like nnmath's: the logits come back as "probabilities". */
    record RowAnswer(double[] probabilities) {
    }

    record RowsAnswer(double[][] probabilities) {
    }

    record TreeAnswer(JsonNode probabilities) {
    }

    @RestController
    static class EchoController {

        @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        RowAnswer echo(@RequestBody Row request) {
            return new RowAnswer(request.logits());
        }

        @PostMapping(path = "/echo/rows", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        RowsAnswer echoRows(@RequestBody Rows request) {
            return new RowsAnswer(request.logits());
        }

        @PostMapping(path = "/echo/tree", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        TreeAnswer echoTree(@RequestBody Tree request) {
            return new TreeAnswer(request.logits());
        }
    }
}
