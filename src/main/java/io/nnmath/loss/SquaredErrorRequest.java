package io.nnmath.loss;

import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code /loss/squared-error}. */
public record SquaredErrorRequest(
        @Schema(description = "Predicted distributions, rank 1 or 2", example = "[0.57, 0.31, 0.12]",
                requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray probabilities,
        @Schema(description = "Class index (one-hot target), or one per row", example = "0")
        IndexArray target,
        @Schema(description = "Target distributions, the shape of probabilities")
        NumberArray targetProbabilities,
        @Schema(description = "mean (over rows), sum or none", defaultValue = "mean", allowableValues = {"mean", "sum", "none"})
        String reduction) {
}
