package io.nnmath.rnn;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;
import io.swagger.v3.oas.annotations.media.Schema;

/** The loss, gradients in the layout of the request's parameters, and |dLoss/dh_t| of the last layer per step. */
public record RnnBackwardResponse(
        @Schema(description = "Cross-entropy of the outputs against the targets (mean over all steps, or sum)")
        double loss,
        Gradients gradients,
        @Schema(ref = "#/components/schemas/NumberTensor", description = "|dLoss/dh_t| of the last layer at every step, every later path counted: [T] or [B][T_b]")
        Object hiddenGradientNorms) {

    /** Gradients in the request's own layout. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RnnGradients")
    public record Gradients(List<Layer> layers, Output output,
                            @Schema(ref = "#/components/schemas/NumberTensor", description = "Shaped as the inputs")
                            Object inputs, Tensor initialHidden, Tensor initialCell) {
    }

    @Schema(name = "RnnLayerGradients")
    public record Layer(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
    }

    @Schema(name = "RnnOutputGradients")
    public record Output(Tensor weight, Tensor bias) {
    }
}
