package io.nnmath.softmax;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nnmath.web.Tensor;

/** Log-probabilities with the shape of the logits, and the top class of each row. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogSoftmaxResponse(Tensor logProbabilities, Object argmax, Object predictedClass) {
}
