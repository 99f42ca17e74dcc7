package io.nnmath.system;

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
                        softmax_gradient, rnn_forward, rnn_backward, network_forward.""")
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
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(OpenApiConfiguration::addProblems));
        };
    }

    /** A number (or integer), or an array of this schema: the recursion every rank needs. */
    private static Schema<?> tensor(Schema<?> leaf, String name, String description) {
        return new Schema<>().description(description)
                .oneOf(List.of(new ArraySchema().items(new Schema<>().$ref(SCHEMAS + name)).minItems(1), leaf));
    }

    private static void addProblems(Operation operation) {
        problem(operation, "400", ProblemType.WRONG_TYPE, "/logits/1", "must be a number, not a string");
        problem(operation, "408", ProblemType.REQUEST_TIMEOUT, null, null);
        problem(operation, "413", ProblemType.LIMIT_EXCEEDED, null, null);
        problem(operation, "415", ProblemType.UNSUPPORTED_MEDIA_TYPE, null, null);
        problem(operation, "422", ProblemType.SHAPE_MISMATCH, "/logits/2",
                "has 2 elements where /logits/0 has 3; every row must have the same length");
        problem(operation, "503", ProblemType.OVERLOADED, null, null);
        operation.getResponses().get("503").addHeaderObject("Retry-After", new io.swagger.v3.oas.models.headers.Header()
                .description("Seconds to wait before retrying (nnmath.overload.retry-after)")
                .schema(new IntegerSchema()));
    }

    private static void problem(Operation operation, String status, ProblemType type, String pointer, String message) {
        Map<String, Object> example = new java.util.LinkedHashMap<>();
        example.put("type", type.uri().toString());
        example.put("title", type.title());
        example.put("status", type.status().value());
        example.put("detail", pointer == null ? type.genericDetail() : pointer + " " + message);
        if (pointer != null) {
            example.put("errors", List.of(Map.of("pointer", pointer, "message", message)));
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(type.title())
                .content(new Content().addMediaType("application/problem+json", new MediaType()
                        .schema(new Schema<>().$ref(SCHEMAS + "Problem"))
                        .addExamples(type.slug(), new Example().value(example)))));
    }
}
