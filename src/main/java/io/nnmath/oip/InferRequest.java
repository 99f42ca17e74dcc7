package io.nnmath.oip;

import java.util.List;
import java.util.Map;

import io.nnmath.tensor.NumberArray;


/**
 * The JSON header of an inference request, as the Open Inference Protocol defines it. A tensor's
 * JSON {@code data} (flat or nested) is read straight into a flat array, with every check of the
 * JSON endpoints' tensors; binary tensors follow the header instead.
 */
record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, NumberArray data) {
    }

    record Output(String name, Map<String, Object> parameters) {
    }
}
