package io.nnmath.rnn;

import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The projection y = W h + b of the last layer's hidden state at every step. */
public record RnnOutput(
        @Schema(description = "[O][H]", requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray weight,
        @Schema(description = "[O], default zeros")
        NumberArray bias,
        @Schema(description = "none (raw scores) or softmax (adds probabilities)", defaultValue = "none",
                allowableValues = {"none", "softmax"})
        String activation) {
}
