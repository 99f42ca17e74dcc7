package io.nnmath.rnn;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nnmath.web.Tensor;

/**
 * Batch form (one sequence drops the B axis): hiddenStates [B][T_b][H] of the last layer,
 * finalHidden [layers][B][H] at each sequence's own last step, finalCell (lstm), outputs [B][T_b][O]
 * and probabilities (with an output softmax).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RnnForwardResponse(Object hiddenStates, Tensor finalHidden, Tensor finalCell, Object outputs,
                                 Object probabilities) {
}
