package io.nnmath.oip;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nnmath.compute.Cost;
import io.nnmath.grpc.inference.InferParameter;
import io.nnmath.grpc.inference.InferTensorContents;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelInferResponse;
import io.nnmath.problem.ProblemException;
import io.nnmath.system.Admission;
import io.nnmath.tensor.NumberArray;

/**
 * The Open Inference Protocol's gRPC messages as the data plane sees them: a ModelInferRequest
 * becomes the same header (with typed {@code contents} as its inputs' data) and the same binary
 * values ({@code raw_input_contents}) that the REST codec decodes; the outputs go back in
 * {@code raw_output_contents}, little-endian, encoded from their float64 arrays as they are sent.
 * Errors point into the message as JSON Pointers over its proto field names
 * ({@code /inputs/0/contents/fp64_contents/3}, {@code /raw_input_contents/1}).
 */
final class OipGrpcMessages {

    private OipGrpcMessages() {
    }

    /** The request's header: its id, parameters, inputs (typed contents as data) and requested outputs. */
    static InferRequest header(ModelInferRequest request) {
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw OipCodec.bad("/raw_input_contents", "has " + raw + " entries for " + request.getInputsCount()
                    + " inputs; send one per input, in input order, or none and every input's contents");
        }
        List<InferRequest.Input> inputs = new ArrayList<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor in = request.getInputs(i);
            String at = "/inputs/" + i;
            if (raw > 0 && in.hasContents() && values(in.getContents()) > 0) {
                throw OipCodec.bad(at + "/contents", "cannot be sent with raw_input_contents; send one of them");
            }
            NumberArray data = raw > 0 ? null : contents(in, at);
            inputs.add(new InferRequest.Input(in.getName(), List.copyOf(in.getShapeList()), in.getDatatype(),
                    parameters(in.getParametersMap(), at + "/parameters"), data));
        }
        List<InferRequest.Output> outputs = new ArrayList<>();
        for (int i = 0; i < request.getOutputsCount(); i++) {
            ModelInferRequest.InferRequestedOutputTensor out = request.getOutputs(i);
            outputs.add(new InferRequest.Output(out.getName(),
                    parameters(out.getParametersMap(), "/outputs/" + i + "/parameters")));
        }
        return new InferRequest(request.getId(), parameters(request.getParametersMap(), "/parameters"), inputs, outputs);
    }

    /** {@code raw_input_contents}, for the codec: input {@code i}'s bytes, when they are there. */
    static OipCodec.BinaryValues raw(ModelInferRequest request) {
        return new OipCodec.BinaryValues() {
            @Override
            public Long size(int i, InferRequest.Input in, String at) {
                return request.getRawInputContentsCount() == 0 ? null : (long) request.getRawInputContents(i).size();
            }

            @Override
            public String sizeAt(int i, String at) {
                return "/raw_input_contents/" + i;
            }

            @Override
            public InputStream open(int i) {
                return request.getRawInputContents(i).newInput();
            }
        };
    }

    /**
     * The answer: every output's name, datatype and shape, and its values, which go out as
     * raw_output_contents encoded from the float64 arrays ({@link OipGrpcAnswer}).
     */
    static OipGrpcAnswer response(OipModel model, String id, List<OipDataPlane.Sent> sent) {
        ModelInferResponse.Builder answer = ModelInferResponse.newBuilder().setModelName(model.name())
                .setModelVersion("1").setId(id);
        for (OipDataPlane.Sent out : sent) {
            answer.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(out.name())
                    .setDatatype(out.type().name()).addAllShape(java.util.Arrays.stream(out.shape()).boxed().toList()));
        }
        return new OipGrpcAnswer(answer.build(), List.copyOf(sent));
    }

    /**
     * An input's typed contents as its data: the field of its datatype (fp64_contents for FP64,
     * fp32_contents, int64_contents, int_contents), widened to float64 and checked finite; null
     * when it has none (the codec then says what is missing).
     */
    private static NumberArray contents(ModelInferRequest.InferInputTensor in, String at) {
        if (!in.hasContents() || values(in.getContents()) == 0) {
            return null;
        }
        InferTensorContents c = in.getContents();
        String field = switch (in.getDatatype()) {
            case "FP64" -> "fp64_contents";
            case "FP32" -> "fp32_contents";
            case "INT64" -> "int64_contents";
            case "INT32" -> "int_contents";
            default -> null;
        };
        if (field == null) {
            return null;
        }
        int n = switch (field) {
            case "fp64_contents" -> c.getFp64ContentsCount();
            case "fp32_contents" -> c.getFp32ContentsCount();
            case "int64_contents" -> c.getInt64ContentsCount();
            default -> c.getIntContentsCount();
        };
        if (n != values(c)) {
            throw OipCodec.bad(at + "/contents", "holds values outside " + field + "; the values of a "
                    + in.getDatatype() + " tensor go in " + field + " alone");
        }
        Admission.charge(Cost.doubleBytes(n));
        Admission.countNumbers(n);
        double[] data = new double[n];
        for (int k = 0; k < n; k++) {
            data[k] = switch (field) {
                case "fp64_contents" -> c.getFp64Contents(k);
                case "fp32_contents" -> c.getFp32Contents(k);
                case "int64_contents" -> c.getInt64Contents(k);
                default -> c.getIntContents(k);
            };
            if (!Double.isFinite(data[k])) {
                throw ProblemException.invalid(at + "/contents/" + field + "/" + k, "is " + data[k]
                        + "; every number must be finite");
            }
        }
        return NumberArray.of(at + "/contents/" + field, data, n);
    }

    /** How many values any typed field holds. */
    private static long values(InferTensorContents c) {
        return (long) c.getBoolContentsCount() + c.getIntContentsCount() + c.getInt64ContentsCount()
                + c.getUintContentsCount() + c.getUint64ContentsCount() + c.getFp32ContentsCount()
                + c.getFp64ContentsCount() + c.getBytesContentsCount();
    }

    /** Parameters as the JSON header has them: Boolean, Long, String or Double. */
    private static Map<String, Object> parameters(Map<String, InferParameter> parameters, String at) {
        if (parameters.isEmpty()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, InferParameter> p : new java.util.TreeMap<>(parameters).entrySet()) {
            InferParameter v = p.getValue();
            String name = at + "/" + ProblemException.prefix(p.getKey());
            Object value = switch (v.getParameterChoiceCase()) {
                case BOOL_PARAM -> v.getBoolParam();
                case INT64_PARAM -> v.getInt64Param();
                case STRING_PARAM -> v.getStringParam();
                case DOUBLE_PARAM -> {
                    if (!Double.isFinite(v.getDoubleParam())) {
                        throw ProblemException.invalid(name, "is " + v.getDoubleParam() + "; every number must be finite");
                    }
                    yield v.getDoubleParam();
                }
                case UINT64_PARAM -> {
                    if (v.getUint64Param() < 0) {
                        throw ProblemException.invalid(name, "is " + Long.toUnsignedString(v.getUint64Param())
                                + ", beyond the largest integer nnmath takes (" + Long.MAX_VALUE + ")");
                    }
                    yield v.getUint64Param();
                }
                case PARAMETERCHOICE_NOT_SET -> throw OipCodec.bad(name, "has no value; set one of bool_param, "
                        + "int64_param, string_param, double_param or uint64_param");
            };
            values.put(p.getKey(), value);
        }
        return values;
    }
}
