package io.nnmath.system;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.nnmath.problem.FieldError;
import io.nnmath.problem.Problem;
import io.nnmath.problem.ProblemType;
import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.Tensor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at /v3/api-docs (and committed as openapi/openapi.yaml): tensors as
 * recursive arrays, and every operation's 4xx answers as application/problem+json with examples.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String SCHEMAS = "#/components/schemas/";

    /**
     * The order in which a learner meets the ideas, which Swagger UI keeps: scores to probabilities,
     * how wrong they are, the gradients, recurrent networks, the dense network; then the protocol.
     */
    static final List<String> TEACHING_ORDER = List.of("softmax", "loss", "gradient", "rnn", "network", "oip");

    static {
        // Our tensor types are read and written by our own streaming code; describe them as JSON arrays.
        SpringDocUtils.getConfig()
                .replaceWithSchema(NumberArray.class, new Schema<>().$ref(SCHEMAS + "NumberTensor"))
                .replaceWithSchema(IndexArray.class, new Schema<>().$ref(SCHEMAS + "IndexTensor"))
                .replaceWithSchema(Tensor.class, new Schema<>().$ref(SCHEMAS + "NumberTensor"));
    }

    @Bean
    OpenAPI nnmathOpenApi() {
        return new OpenAPI().info(new Info().title("nnmath").version("1")
                .description("""
                        The fundamentals of neural networks over HTTP, exactly as PyTorch defines them, in float64: \
                        softmax and argmax, cross-entropy with every PyTorch option, squared error, the softmax \
                        Jacobian and the cross-entropy gradient, RNN/LSTM/GRU forward passes and backpropagation \
                        through time, and a dense feed-forward network. Tensors are nested JSON arrays; an \
                        operation acts along the last axis and answers at the rank of the request. Every number \
                        sent and answered is finite; errors are RFC 9457 problem+json naming the field (a JSON \
                        Pointer) and what to change. The examples come from the Iris flower data: Setosa, \
                        Versicolor, Virginica. Every operation is also a model of the Open Inference Protocol \
                        (KServe and Triton v2) under /v2, with binary tensors: POST /v2/models/{model}/infer, \
                        models softmax, log_softmax, cross_entropy, squared_error, loss_compare, \
                        softmax_gradient, rnn_forward, rnn_backward, network_forward. To see the ideas drawn \
                        rather than read them as numbers, open the explorer, [/explore](/explore): softmax and temperature, \
                        cross-entropy against squared error, the gradient p - y and the Jacobian, the vanishing \
                        gradient of an RNN against an LSTM and a GRU, and the Iris network, every number from \
                        this API.""")
                .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("this server")));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSchemas("NumberTensor", tensor(new NumberSchema(), "NumberTensor",
                    "A finite number, or nested arrays of them (a tensor); rows at one depth have the same length "
                            + "unless the field says otherwise"));
            components.addSchemas("IndexTensor", tensor(new IntegerSchema(), "IndexTensor",
                    "A class index (a JSON integer), or nested arrays of them"));
            components.addSchemas("FieldError", new ObjectSchema()
                    .addProperty("pointer", new StringSchema().description("JSON Pointer into the request"))
                    .addProperty("message", new StringSchema().description("What is wrong and what to change"))
                    .required(List.of("pointer", "message")));
            components.addSchemas("Problem", new ObjectSchema()
                    .description("RFC 9457 problem details")
                    .addProperty("type", new StringSchema().format("uri").description("Stable URI of the kind of problem"))
                    .addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema())
                    .addProperty("detail", new StringSchema().description("What is wrong and what to change"))
                    .addProperty("errors", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "FieldError")))
                    .required(List.of("type", "title", "status", "detail")));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (method == io.swagger.v3.oas.models.PathItem.HttpMethod.POST) {
                    addProblems(operation, Examples.of(path));
                } else if (path.contains("{model}")) {
                    problem(operation, "404", ProblemType.NOT_FOUND, null, "no model is named 'nope'; the models "
                            + "are listed in the description", true);
                }
            }));
        };
    }

    /** The tags that the controllers declare, in {@link #TEACHING_ORDER} rather than springdoc's order of discovery. */
    @Bean
    OpenApiCustomizer tagsInTeachingOrder() {
        return openApi -> {
            if (openApi.getTags() != null) {
                openApi.setTags(openApi.getTags().stream()
                        .sorted(Comparator.comparingInt(tag -> teachingRank(tag.getName()))).toList());
            }
        };
    }

    private static int teachingRank(String tag) {
        int rank = TEACHING_ORDER.indexOf(tag);
        return rank < 0 ? TEACHING_ORDER.size() : rank;
    }

    /** A number (or integer), or an array of this schema: the recursion every rank needs. */
    private static Schema<?> tensor(Schema<?> leaf, String name, String description) {
        return new Schema<>().description(description)
                .oneOf(List.of(new ArraySchema().items(new Schema<>().$ref(SCHEMAS + name)).minItems(1), leaf));
    }

    /** An operation's own problems: the wrong type and the invalid value it is likeliest to meet. */
    private static void addProblems(Operation operation, Examples examples) {
        problem(operation, "400", ProblemType.WRONG_TYPE, examples.wrongTypePointer(), examples.wrongType(), examples.oip());
        problem(operation, "408", ProblemType.REQUEST_TIMEOUT, null, null, examples.oip());
        problem(operation, "413", ProblemType.LIMIT_EXCEEDED, null, null, examples.oip());
        problem(operation, "415", ProblemType.UNSUPPORTED_MEDIA_TYPE, null, null, examples.oip());
        problem(operation, "422", examples.invalidType(), examples.invalidPointer(), examples.invalid(), examples.oip());
        problem(operation, "503", ProblemType.OVERLOADED, null, null, examples.oip());
        operation.getResponses().get("503").addHeaderObject("Retry-After", new io.swagger.v3.oas.models.headers.Header()
                .description("Seconds to wait before retrying (nnmath.overload.retry-after)")
                .schema(new IntegerSchema()));
    }

    /** The example problems of one operation, as its checks word them. */
    record Examples(String wrongTypePointer, String wrongType, ProblemType invalidType, String invalidPointer,
                    String invalid, boolean oip) {

        static Examples of(String path) {
            String notANumber = "must be a number, not a string";
            if (path.startsWith("/v2/")) {
                return new Examples("/inputs/0/data/1", notANumber, ProblemType.INVALID_VALUE, "/inputs/0/data/1",
                        "must be a finite number", true);
            }
            return switch (path) {
                case "/loss/cross-entropy", "/gradient/cross-entropy" -> new Examples("/target/1",
                        "must be an integer (a class index), not a number with a fraction or exponent",
                        ProblemType.INVALID_VALUE, "/target/1", "must be a class index from 0 to 2, not 3", false);
                case "/loss/squared-error", "/loss/compare" -> new Examples("/probabilities/1/1", notANumber,
                        ProblemType.INVALID_VALUE, "/probabilities/0",
                        "sums to 1.1; a row of probabilities must sum to 1 (within 1.0E-6)", false);
                case "/rnn/forward", "/rnn/backward" -> new Examples("/inputs/1/0", notANumber,
                        ProblemType.SHAPE_MISMATCH, "/layers/0/weightIh", "must have shape [2, 1] (2 = 1 gates x "
                        + "hidden size 2 rows, the input size columns), not [2, 3]", false);
                case "/network/forward" -> new Examples("/inputs/1", notANumber, ProblemType.SHAPE_MISMATCH,
                        "/layers/0/weight", "must have shape [1, 2] (outputs x the input features), not [1, 3]", false);
                default -> new Examples("/logits/1", notANumber, ProblemType.SHAPE_MISMATCH, "/logits/2",
                        "has 2 elements where /logits/0 has 3; every row must have the same length", false);
            };
        }
    }

    private static void problem(Operation operation, String status, ProblemType type, String pointer, String message,
                                boolean oip) {
        Map<String, Object> example = new java.util.LinkedHashMap<>();
        example.put("type", type.uri().toString());
        example.put("title", type.title());
        example.put("status", type.status().value());
        String detail = pointer == null ? (message == null ? type.genericDetail() : message) : pointer + " " + message;
        example.put("detail", detail);
        if (pointer != null) {
            example.put("errors", List.of(Map.of("pointer", pointer, "message", message)));
        }
        if (oip) {
            example.put("error", detail);
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(type.title())
                .content(new Content().addMediaType("application/problem+json", new MediaType()
                        .schema(new Schema<>().$ref(SCHEMAS + "Problem"))
                        .addExamples(type.slug(), new Example().value(example)))));
    }
}
