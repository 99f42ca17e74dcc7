package io.nnmath.softmax;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;
import io.swagger.v3.oas.annotations.media.Schema;

/** Log-probabilities with the shape of the logits, and the top class of each row. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSoftmaxResponse(
        @Schema(description = "z / T - logsumexp(z / T), the shape of the logits")
        Tensor logProbabilities,
        @Schema(description = "Index of the top class (ties: the lowest), one per row for a batch", oneOf = {Integer.class, int[].class})
        Object argmax,
        @Schema(description = "Name of the top class (with classNames), one per row for a batch", oneOf = {String.class, String[].class})
        Object predictedClass) {
}
