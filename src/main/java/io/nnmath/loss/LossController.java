package io.nnmath.loss;

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
@Tag(name = "loss", description = "How wrong a prediction is: cross-entropy, squared error, and why classifiers use the first")
class LossController {

    private final LossService service;

    LossController(LossService service) {
        this.service = service;
    }

    @Operation(summary = "Cross-entropy loss (PyTorch F.cross_entropy, every option)",
            description = "For the true class y, CE = -log p_y: large when the prediction is very wrong (p_y -> 0), "
                    + "which gives large gradients and fast recovery. In general, with log-probabilities l, class "
                    + "weights w and label smoothing e: index target loss_n = (1-e)(-w[y] l[y]) + (e/C) sum_c (-w[c] l[c]); "
                    + "soft target loss_n = -sum_c w[c] t'[c] l[c] with t' = (1-e) t + e/C. Logits are turned into "
                    + "log-probabilities by log-softmax (never log of softmax); with probabilities l = log p, and a "
                    + "term whose target weight is 0 counts 0 even where p = 0. mean divides by sum_n w[y_n] over the "
                    + "rows not ignored (index targets) or by the number of rows (soft targets).")
    @PostMapping(path = "/loss/cross-entropy", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CrossEntropyResponse crossEntropy(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-seed", summary = "-log(0.57) for the true class Setosa", value = Examples.SEED_CROSS_ENTROPY),
            @ExampleObject(name = "2-options", summary = "Weights, label smoothing and an ignored row", value = Examples.CROSS_ENTROPY_OPTIONS)}))
            @RequestBody CrossEntropyRequest request) {
        return service.crossEntropy(request);
    }

    @Operation(summary = "Squared error of predicted probabilities against the target",
            description = "loss_n = sum_c (t[c] - p[c])^2 against the one-hot target (or a target distribution), with "
                    + "the residuals t - p. Compare with cross-entropy: near p_y = 0 squared error stays flat, so its "
                    + "gradients are too gentle when the network is badly wrong.")
    @PostMapping(path = "/loss/squared-error", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SquaredErrorResponse squaredError(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-seed", summary = "The seed example against the one-hot target", value = Examples.SEED_CROSS_ENTROPY)}))
            @RequestBody SquaredErrorRequest request) {
        return service.squaredError(request);
    }

    @Operation(summary = "Cross-entropy vs squared error for the target's probability",
            description = "For p_y, the probability given to the true class: crossEntropy = -log p_y, squaredError = "
                    + "(1 - p_y)^2, and their slopes with respect to p_y, -1/p_y and -2 (1 - p_y). For the Iris example "
                    + "(0.57, 0.31, 0.12) with the true class Setosa: 0.562 vs 0.1849, slopes -1.754 vs -0.86. As p_y "
                    + "falls to 0 the cross-entropy slope grows without bound while squared error's stays at -2.")
    @PostMapping(path = "/loss/compare", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CompareResponse compare(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-seed", summary = "The seed table: 0.562 vs 0.1849", value = Examples.SEED_CROSS_ENTROPY),
            @ExampleObject(name = "2-wrong", summary = "The worse the prediction, the steeper cross-entropy", value = Examples.WRONG_PREDICTIONS)}))
            @RequestBody CompareRequest request) {
        return service.compare(request);
    }
}
