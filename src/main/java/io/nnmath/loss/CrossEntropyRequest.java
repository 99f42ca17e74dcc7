package io.nnmath.loss;

import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code /loss/cross-entropy} and {@code /gradient/cross-entropy} (PyTorch's F.cross_entropy). */
public record CrossEntropyRequest(
        @Schema(description = "Raw scores, rank 1 or 2; exactly one of logits or probabilities", example = "[1.43, -0.4, 0.23]")
        NumberArray logits,
        @Schema(description = "Predicted distributions (each row in [0, 1], summing to 1 within 1e-6), same shapes as logits")
        NumberArray probabilities,
        @Schema(description = "Class index (rank-1 input) or one per row; exactly one of target or targetProbabilities", example = "0")
        IndexArray target,
        @Schema(description = "Soft labels: a distribution per row, the shape of the input")
        NumberArray targetProbabilities,
        @Schema(description = "One weight >= 0 per class (default 1)")
        NumberArray weights,
        @Schema(description = "e in [0, 1): the target becomes (1 - e) t + e / C", defaultValue = "0")
        Double labelSmoothing,
        @Schema(description = "Index targets only: rows whose target equals it count for nothing")
        Integer ignoreIndex,
        @Schema(description = "mean (weighted by the target classes' weights), sum or none", defaultValue = "mean",
                allowableValues = {"mean", "sum", "none"})
        String reduction) {
}
