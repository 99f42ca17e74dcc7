package io.nnmath.oip;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON header of an inference answer; binary outputs carry binary_data_size instead of data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InferResponse(String model_name, String model_version, String id, List<Output> outputs) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Output(String name, String datatype, long[] shape, Map<String, Object> parameters, Object data) {
    }
}
