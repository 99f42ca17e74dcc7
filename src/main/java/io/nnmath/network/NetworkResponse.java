package io.nnmath.network;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nnmath.web.Tensor;

/** The last layer's raw scores, and with softmax the probabilities, argmax and predicted class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkResponse(Tensor outputs, Tensor probabilities, Object argmax, Object predictedClass) {
}
