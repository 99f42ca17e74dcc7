package io.nnmath.gradient;

import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code /gradient/softmax}. */
public record SoftmaxGradientRequest(
        @Schema(description = "Raw scores, rank 1 or 2", example = "[1.43, -0.4, 0.23]",
                requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray logits,
        @Schema(description = "T > 0: the derivatives of softmax(z / T)", defaultValue = "1")
        Double temperature,
        @Schema(description = "Upstream gradient v (dLoss/dp), the shape of logits: answer v^T J instead of J")
        NumberArray upstream) {
}
