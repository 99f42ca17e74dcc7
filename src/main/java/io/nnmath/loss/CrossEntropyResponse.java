package io.nnmath.loss;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One loss per row (a one-element array for a rank-1 request) and the reduced loss (absent for "none"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrossEntropyResponse(double[] losses, Double loss) {
}
