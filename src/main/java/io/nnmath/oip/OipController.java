package io.nnmath.oip;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol over REST (KServe / Triton "v2"): server and model metadata, health,
 * and inference for every operation, each a model. A thin adapter: the codec decodes, the model
 * calls its capability's service, the codec encodes.
 */
@RestController
@Tag(name = "oip", description = "The Open Inference Protocol (KServe and Triton v2), with binary tensors")
class OipController {

    static final String IRIS_INFER = "{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 3], \"datatype\": \"FP64\", "
            + "\"data\": [1.43, -0.4, 0.23]}]}";
    static final String BATCH_INFER = "{\"parameters\": {\"temperature\": 2}, \"inputs\": [{\"name\": \"logits\", "
            + "\"shape\": [2, 3], \"datatype\": \"FP64\", \"data\": [[1.43, -0.4, 0.23], [0.2, 1.1, 0.9]]}]}";

    private final OipDataPlane plane;
    private final OipCodec codec;

    OipController(OipDataPlane plane, OipCodec codec) {
        this.plane = plane;
        this.codec = codec;
    }

    record ServerMetadata(String name, String version, List<String> extensions) {
    }

    @Operation(summary = "Server metadata", description = "The server's name, version and protocol extensions.")
    @GetMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
    ServerMetadata server() {
        return new ServerMetadata(OipDataPlane.SERVER, plane.version(), OipDataPlane.EXTENSIONS);
    }

    @Operation(summary = "Liveness", description = "Always {\"live\": true} while the server answers.")
    @GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @Operation(summary = "Readiness", description = "{\"ready\": true}, or 503 with {\"ready\": false} while the "
            + "service does not accept traffic (starting, or shutting down).")
    @GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Boolean>> ready() {
        boolean ready = plane.ready();
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("ready", ready));
    }

    record TensorMetadata(String name, String datatype, long[] shape) {
    }

    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs) {
    }

    @Operation(summary = "Model metadata", description = "Every input and output of the model, with its datatype "
            + "and shape (-1: a variable dimension; {k} in a name: one per layer, from 0).")
    @GetMapping(path = {"/v2/models/{model}", "/v2/models/{model}/versions/{version}"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ModelMetadata metadata(@PathVariable String model, @PathVariable(required = false) String version) {
        OipModel m = plane.find(model, version);
        return new ModelMetadata(m.name(), List.of("1"), "nnmath", metadata(m.inputs()), metadata(m.outputs()));
    }

    record ModelReady(String name, boolean ready) {
    }

    @Operation(summary = "Model readiness", description = "Every model is ready once the server is.")
    @GetMapping(path = {"/v2/models/{model}/ready", "/v2/models/{model}/versions/{version}/ready"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ModelReady modelReady(@PathVariable String model, @PathVariable(required = false) String version) {
        return new ModelReady(plane.find(model, version).name(), true);
    }

    @Operation(summary = "Inference: run a model on tensors",
            description = "Runs the model on the request's tensors. JSON: every input has its data (row-major, flat "
                    + "or nested as its shape). Binary tensors: an input with parameters.binary_data_size has no "
                    + "data; its bytes (little-endian, row-major) follow the JSON header, whose byte length is the "
                    + "request header "
                    + "Inference-Header-Content-Length, in input order. Outputs come back binary when the request's "
                    + "parameters.binary_data_output or an output's parameters.binary_data is true. Real outputs have "
                    + "the datatype of the model's main real input (FP32 in, FP32 out); indices are INT64. Errors "
                    + "carry the OIP error member (the same text as detail), pointing into the JSON header.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = InferRequest.class),
                            examples = {
                                    @ExampleObject(name = "1-iris", summary = "softmax: the Iris logits",
                                            value = IRIS_INFER),
                                    @ExampleObject(name = "2-batch", summary = "softmax: two rows at temperature 2",
                                            value = BATCH_INFER)}),
                    @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string",
                            format = "binary", description = "The JSON header (Inference-Header-Content-Length "
                            + "bytes), then the binary tensors"))}))
    @ApiResponse(responseCode = "200", description = "The outputs", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = InferResponse.class)),
            @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary",
                    description = "The JSON header (Inference-Header-Content-Length bytes), then the binary outputs"))})
    @PostMapping(path = {"/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer"},
            consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    void infer(@PathVariable String model, @PathVariable(required = false) String version,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        OipModel m = plane.find(model, version);
        OipCodec.Decoded decoded = codec.decode(request);
        codec.encode(m, decoded.header(), plane.infer("oip", m, decoded.header(), decoded.tensors()), response);
    }

    private static List<TensorMetadata> metadata(List<OipTensorSpec> specs) {
        return specs.stream().map(s -> new TensorMetadata(s.name(), s.datatype(), s.shape())).toList();
    }
}
