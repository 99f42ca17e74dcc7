package io.nnmath.gradient;

import io.nnmath.loss.CrossEntropyRequest;
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
@Tag(name = "gradient", description = "Derivatives for backpropagation: the softmax Jacobian and the cross-entropy gradient")
class GradientController {

    private final GradientService service;

    GradientController(GradientService service) {
        this.service = service;
    }

    @Operation(summary = "Softmax Jacobian, or the vector-Jacobian product with an upstream gradient",
            description = "dp_i/dz_j = p_i (delta_ij - p_j) / T: p_i (1 - p_i) / T on the diagonal and -p_i p_j / T "
                    + "off it. With upstream v the answer is v^T J = p_i (v_i - sum_j v_j p_j) / T, computed without "
                    + "forming J (what backpropagation needs).")
    @PostMapping(path = "/gradient/softmax", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SoftmaxGradientResponse softmax(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-jacobian", summary = "The Jacobian of the Iris softmax", value = Examples.IRIS_JACOBIAN),
            @ExampleObject(name = "2-vjp", summary = "With an upstream gradient: v^T J", value = Examples.IRIS_VJP)}))
            @RequestBody SoftmaxGradientRequest request) {
        return service.softmax(request);
    }

    @Operation(summary = "Cross-entropy loss and its gradient with respect to the input sent",
            description = "Softmax and cross-entropy together have the simplest gradient: with respect to the logits "
                    + "it is p - t' (times the class weights, divided per the reduction), e.g. (softmax(z) - y) / N "
                    + "for an unweighted mean. With probabilities as input it is -w t' / p (0 where t' = 0). "
                    + "For reduction none it is the gradient of the sum of the losses.")
    @PostMapping(path = "/gradient/cross-entropy", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CrossEntropyGradientResponse crossEntropy(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-logits", summary = "p - y for the Iris logits", value = Examples.IRIS_LOGITS_GRADIENT),
            @ExampleObject(name = "2-probabilities", summary = "-1/p_y from probabilities", value = Examples.SEED_CROSS_ENTROPY),
            @ExampleObject(name = "3-options", summary = "Weights, smoothing, an ignored row", value = Examples.CROSS_ENTROPY_OPTIONS)}))
            @RequestBody CrossEntropyRequest request) {
        return service.crossEntropy(request);
    }
}
