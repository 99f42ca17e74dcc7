package io.nnmath.rnn;

import java.util.List;

import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code /rnn/forward}. */
public record RnnForwardRequest(
        @Schema(description = "rnn, lstm or gru", defaultValue = "rnn", allowableValues = {"rnn", "lstm", "gru"})
        String cell,
        @Schema(description = "tanh or relu (rnn only)", defaultValue = "tanh", allowableValues = {"tanh", "relu"})
        String nonlinearity,
        @Schema(description = "One object per stacked layer", requiredMode = Schema.RequiredMode.REQUIRED)
        List<RnnLayer> layers,
        @Schema(description = "One sequence [T][I], or a batch of sequences [B][T_b][I] of any lengths T_b >= 1",
                requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray inputs,
        @Schema(description = "[layers][H] for one sequence, [layers][B][H] for a batch; default zeros")
        NumberArray initialHidden,
        @Schema(description = "lstm only, shaped as initialHidden; default zeros")
        NumberArray initialCell,
        @Schema(description = "Optional projection of the last layer's hidden state at every step")
        RnnOutput output) implements RnnFields {
}
