package io.nnmath.network;

import java.util.List;

import io.nnmath.tensor.ClassNamesReader;
import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

import tools.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code /network/forward}. */
public record NetworkRequest(
        @Schema(description = "Features: one example (rank 1) or a batch (rank 2)", example = "[0.04, 0.42]",
                requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray inputs,
        @Schema(description = "The layers, first to last", requiredMode = Schema.RequiredMode.REQUIRED)
        List<DenseLayer> layers,
        @Schema(description = "Turn the last layer's raw scores into probabilities, with argmax", defaultValue = "false")
        Boolean softmax,
        @Schema(description = "One name per output, named in predictedClass (with softmax)",
                example = "[\"Setosa\", \"Versicolor\", \"Virginica\"]")
        @JsonDeserialize(using = ClassNamesReader.class)
        List<String> classNames) {
}
