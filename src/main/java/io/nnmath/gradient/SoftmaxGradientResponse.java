package io.nnmath.gradient;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;


/** The probabilities, and either the Jacobian ([n][n] or [rows][n][n]) or the vector-Jacobian product. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SoftmaxGradientResponse(Tensor probabilities, Tensor jacobian, Tensor vectorJacobianProduct) {
}
