package io.nnmath.rnn;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nnmath.web.Tensor;

/** The loss, gradients in the layout of the request's parameters, and |dLoss/dh_t| of the last layer per step. */
public record RnnBackwardResponse(double loss, Gradients gradients, Object hiddenGradientNorms) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gradients(List<Layer> layers, Output output, Object inputs, Tensor initialHidden,
                            Tensor initialCell) {
    }

    public record Layer(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
    }

    public record Output(Tensor weight, Tensor bias) {
    }
}
