package io.nnmath.loss;

import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code /loss/compare}. */
public record CompareRequest(
        @Schema(description = "Predicted distributions, rank 1 or 2", example = "[0.57, 0.31, 0.12]",
                requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray probabilities,
        @Schema(description = "The true class: one index, or one per row", example = "0",
                requiredMode = Schema.RequiredMode.REQUIRED)
        IndexArray target) {
}
