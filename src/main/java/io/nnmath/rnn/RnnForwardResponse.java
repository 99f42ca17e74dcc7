package io.nnmath.rnn;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Batch form (one sequence drops the B axis): hiddenStates [B][T_b][H] of the last layer,
 * finalHidden [layers][B][H] at each sequence's own last step, finalCell (lstm), outputs [B][T_b][O]
 * and probabilities (with an output softmax).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RnnForwardResponse(
        @Schema(ref = "#/components/schemas/NumberTensor", description = "Last layer, every step: [T][H], or [B][T_b][H] for a batch")
        Object hiddenStates,
        @Schema(description = "Every layer at each sequence's own last step: [layers][H] or [layers][B][H]")
        Tensor finalHidden,
        @Schema(description = "lstm: the cell states, shaped as finalHidden")
        Tensor finalCell,
        @Schema(ref = "#/components/schemas/NumberTensor", description = "The output projection at every step: [T][O] or [B][T_b][O]")
        Object outputs,
        @Schema(ref = "#/components/schemas/NumberTensor", description = "softmax of the outputs (activation softmax)")
        Object probabilities) {
}
