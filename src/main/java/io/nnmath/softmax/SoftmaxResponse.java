package io.nnmath.softmax;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;
import io.swagger.v3.oas.annotations.media.Schema;

/** Probabilities with the shape of the logits, and the top class of each row. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SoftmaxResponse(
        @Schema(description = "softmax(z / T), the shape of the logits: each in [0, 1], each row summing to 1")
        Tensor probabilities,
        @Schema(description = "Index of the top class (ties: the lowest), one per row for a batch", oneOf = {Integer.class, int[].class})
        Object argmax,
        @Schema(description = "Name of the top class (with classNames), one per row for a batch", oneOf = {String.class, String[].class})
        Object predictedClass) {
}
