package io.nnmath.softmax;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nnmath.web.Tensor;

/** Probabilities with the shape of the logits, and the top class of each row. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SoftmaxResponse(Tensor probabilities, Object argmax, Object predictedClass) {
}
