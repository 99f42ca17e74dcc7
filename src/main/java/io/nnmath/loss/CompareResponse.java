package io.nnmath.loss;

import io.swagger.v3.oas.annotations.media.Schema;

/** For the target's probability p_y: -log p_y, (1 - p_y)^2 and their slopes; numbers for rank 1, arrays for rank 2. */
public record CompareResponse(
        @Schema(description = "-log p_y", oneOf = {Double.class, double[].class})
        Object crossEntropy,
        @Schema(description = "(1 - p_y)^2", oneOf = {Double.class, double[].class})
        Object squaredError,
        @Schema(description = "d crossEntropy / d p_y = -1 / p_y", oneOf = {Double.class, double[].class})
        Object crossEntropySlope,
        @Schema(description = "d squaredError / d p_y = -2 (1 - p_y)", oneOf = {Double.class, double[].class})
        Object squaredErrorSlope) {
}
