package io.nnmath.softmax;

import java.util.List;

import io.nnmath.tensor.ClassNamesReader;
import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

import tools.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code /softmax} and {@code /log-softmax}. */
public record SoftmaxRequest(
        @Schema(description = "Raw scores: one row (rank 1) or a batch of rows (rank 2)",
                example = "[1.43, -0.4, 0.23]", requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray logits,
        @Schema(description = "T > 0: softmax(z / T); below 1 sharpens, above 1 flattens", defaultValue = "1")
        Double temperature,
        @Schema(description = "One name per class; the answer then names the predicted class",
                example = "[\"Setosa\", \"Versicolor\", \"Virginica\"]")
        @JsonDeserialize(using = ClassNamesReader.class)
        List<String> classNames) {
}
