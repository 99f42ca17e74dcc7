package io.nnmath.loss;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nnmath.tensor.Tensor;


/** Per-row sums of squared residuals, the reduced loss (absent for "none"), and the residuals t - p. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SquaredErrorResponse(double[] losses, Double loss, Tensor residuals) {
}
