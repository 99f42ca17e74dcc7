package io.nnmath.gradient;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;


/** The losses, the reduced loss (absent for "none"), and the gradient with respect to the input sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrossEntropyGradientResponse(double[] losses, Double loss, Tensor gradient) {
}
