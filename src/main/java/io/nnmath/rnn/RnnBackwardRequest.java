package io.nnmath.rnn;

import java.util.List;

import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code /rnn/backward}: a forward request with the output required, plus targets. */
public record RnnBackwardRequest(
        @Schema(description = "rnn, lstm or gru", defaultValue = "rnn", allowableValues = {"rnn", "lstm", "gru"})
        String cell,
        @Schema(description = "tanh or relu (rnn only)", defaultValue = "tanh", allowableValues = {"tanh", "relu"})
        String nonlinearity,
        @Schema(description = "One object per stacked layer", requiredMode = Schema.RequiredMode.REQUIRED)
        List<RnnLayer> layers,
        @Schema(description = "One sequence [T][I], or a batch [B][T_b][I]", requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray inputs,
        @Schema(description = "[layers][H] or [layers][B][H]; default zeros")
        NumberArray initialHidden,
        @Schema(description = "lstm only; default zeros")
        NumberArray initialCell,
        @Schema(description = "Required: the loss takes its raw outputs as logits (activation is ignored)",
                requiredMode = Schema.RequiredMode.REQUIRED)
        RnnOutput output,
        @Schema(description = "A class index per step: [T], or [B][T_b]", requiredMode = Schema.RequiredMode.REQUIRED)
        IndexArray targets,
        @Schema(description = "mean over all steps of all sequences, or sum", defaultValue = "mean",
                allowableValues = {"mean", "sum"})
        String reduction) implements RnnFields {
}
