package io.nnmath.bench.echo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * What a naive Spring app does with nnmath's /softmax body: Spring MVC binds it to a record with
 * plain Jackson databind, the logits as a {@link JsonNode} tree (any shape: a number or nested
 * arrays), and writes the same tree back. Nothing is computed or checked, so its time is the floor
 * of Tomcat + Spring MVC + Jackson for the same bytes in and out.
 */
@SpringBootApplication
public class EchoApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoApplication.class, args);
    }

    /** The request; other fields (classNames, temperature, ...) are ignored by Spring Boot's Jackson defaults. */
    record EchoRequest(JsonNode logits) {
    }

    /** The response, shaped like nnmath's: the logits come back as "probabilities". */
    record EchoResponse(JsonNode probabilities) {
    }

    @RestController
    static class EchoController {

        @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        EchoResponse echo(@RequestBody EchoRequest request) {
            return new EchoResponse(request.logits());
        }
    }
}
