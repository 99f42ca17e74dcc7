package io.nnmath.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;
import io.swagger.v3.oas.annotations.media.Schema;

/** The last layer's raw scores, and with softmax the probabilities, argmax and predicted class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkResponse(
        @Schema(description = "The last layer's raw scores, one row per input row")
        Tensor outputs,
        @Schema(description = "softmax of the outputs (with softmax: true)")
        Tensor probabilities,
        @Schema(description = "Index of the top class (ties: the lowest), one per row for a batch", oneOf = {Integer.class, int[].class})
        Object argmax,
        @Schema(description = "Name of the top class (with classNames), one per row for a batch", oneOf = {String.class, String[].class})
        Object predictedClass) {
}
