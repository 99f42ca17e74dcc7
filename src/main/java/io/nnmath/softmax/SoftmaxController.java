package io.nnmath.softmax;

import io.nnmath.system.Examples;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "softmax", description = "Raw scores (logits) to probabilities, and the predicted class")
class SoftmaxController {

    private final SoftmaxService service;

    SoftmaxController(SoftmaxService service) {
        this.service = service;
    }

    @Operation(summary = "Softmax: logits to probabilities, with argmax",
            description = "softmax(z/T)_i = exp(z_i/T - max) / sum_j exp(z_j/T - max). Every probability is in "
                    + "[0, 1], each row sums to 1, the ranking of the logits is kept and larger scores are "
                    + "emphasised by the exponential. Subtracting the row's maximum first (the log-sum-exp trick) "
                    + "keeps every exp from overflowing. Unlike argmax, softmax is differentiable, which is "
                    + "what training needs; argmax is reported to name the prediction (ties go to the lowest index).")
    @PostMapping(path = "/softmax", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SoftmaxResponse softmax(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-iris", summary = "The Iris example: three species scores", value = Examples.IRIS_SOFTMAX),
            @ExampleObject(name = "2-batch", summary = "A batch of three flowers at temperature 2", value = Examples.IRIS_BATCH_TEMPERATURE)}))
            @RequestBody SoftmaxRequest request) {
        return service.softmax(request);
    }

    @Operation(summary = "Log-softmax: logits to log-probabilities, with argmax",
            description = "log_softmax(z/T)_i = z_i/T - logsumexp(z/T), computed as (z_i - max)/T - "
                    + "log sum_j exp((z_j - max)/T), never as log(softmax), so that tiny probabilities keep "
                    + "their precision. Where the exact value is below the smallest double the request is a 422.")
    @PostMapping(path = "/log-softmax", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    LogSoftmaxResponse logSoftmax(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-iris", summary = "The Iris example", value = Examples.IRIS_SOFTMAX),
            @ExampleObject(name = "2-batch", summary = "A batch at temperature 2", value = Examples.IRIS_BATCH_TEMPERATURE)}))
            @RequestBody SoftmaxRequest request) {
        return service.logSoftmax(request);
    }
}
