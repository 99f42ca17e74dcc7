package io.nnmath.network;

import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** One dense layer: y = activation(W x + b). */
public record DenseLayer(
        @Schema(description = "[out][in]", example = "[[-2.5, 0.6], [-1.5, 0.4]]", requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray weight,
        @Schema(description = "[out], default zeros", example = "[1.6, 0.7]")
        NumberArray bias,
        @Schema(description = "identity, relu, softplus, sigmoid or tanh", defaultValue = "identity",
                allowableValues = {"identity", "relu", "softplus", "sigmoid", "tanh"})
        String activation) {
}
