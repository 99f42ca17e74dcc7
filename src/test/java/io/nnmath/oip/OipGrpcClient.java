package io.nnmath.oip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.InferParameter;
import io.nnmath.grpc.inference.InferTensorContents;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelInferResponse;

/**
 * The tests' gRPC client of the Open Inference Protocol, through the generated blocking stub:
 * tensors go in raw_input_contents or in the typed contents, parameters as the InferParameter of
 * their Java type, and outputs come back decoded into flat float64 arrays with their shapes.
 */
public final class OipGrpcClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    public OipGrpcClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext()
                .maxInboundMessageSize(256 << 20).build();
        this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    public ManagedChannel channel() {
        return channel;
    }

    public GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return stub;
    }

    /** Runs {@code model}; {@code raw} sends every input in raw_input_contents, else in its typed contents. */
    public Map<String, OipClient.Tensor> infer(String model, Map<String, OipClient.Tensor> inputs,
                                               Map<String, Object> parameters, List<String> outputs, boolean raw) {
        return outputs(stub.modelInfer(request(model, inputs, parameters, outputs, raw)));
    }

    public static ModelInferRequest request(String model, Map<String, OipClient.Tensor> inputs,
                                            Map<String, Object> parameters, List<String> outputs, boolean raw) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model).setId("test");
        if (parameters != null) {
            parameters.forEach((name, value) -> request.putParameters(name, parameter(value)));
        }
        for (var e : inputs.entrySet()) {
            OipClient.Tensor t = e.getValue();
            ModelInferRequest.InferInputTensor.Builder in = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(e.getKey()).setDatatype(t.datatype());
            for (long d : t.shape()) {
                in.addShape(d);
            }
            if (raw) {
                request.addRawInputContents(ByteString.copyFrom(OipClient.encode(t)));
            } else {
                in.setContents(contents(t));
            }
            request.addInputs(in);
        }
        if (outputs != null) {
            for (String name : outputs) {
                request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name));
            }
        }
        return request.build();
    }

    static InferParameter parameter(Object value) {
        return switch (value) {
            case Boolean b -> InferParameter.newBuilder().setBoolParam(b).build();
            case Integer i -> InferParameter.newBuilder().setInt64Param(i).build();
            case Long l -> InferParameter.newBuilder().setInt64Param(l).build();
            case Number n -> InferParameter.newBuilder().setDoubleParam(n.doubleValue()).build();
            default -> InferParameter.newBuilder().setStringParam(value.toString()).build();
        };
    }

    private static InferTensorContents contents(OipClient.Tensor t) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (double v : t.values()) {
            switch (t.datatype()) {
                case "FP64" -> c.addFp64Contents(v);
                case "FP32" -> c.addFp32Contents((float) v);
                case "INT64" -> c.addInt64Contents((long) v);
                case "INT32" -> c.addIntContents((int) v);
                default -> throw new IllegalArgumentException(t.datatype());
            }
        }
        return c.build();
    }

    /** The outputs by name, from raw_output_contents. */
    public static Map<String, OipClient.Tensor> outputs(ModelInferResponse response) {
        Map<String, OipClient.Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor o = response.getOutputs(i);
            byte[] bytes = response.getRawOutputContents(i).toByteArray();
            long[] shape = o.getShapeList().stream().mapToLong(Long::longValue).toArray();
            out.put(o.getName(), new OipClient.Tensor(o.getDatatype(), shape,
                    OipClient.decode(o.getDatatype(), bytes, 0, bytes.length)));
        }
        return out;
    }

    /**
     * An LSTM backward pass (hidden 128, input 32, 1,000 steps, batch 4: 983 M multiply-adds, just
     * under the default work limit), a quarter of a second or more of computation even on hot
     * vector kernels: for deadlines and shutdown.
     */
    public static ModelInferRequest slowRequest() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int hidden = 128;
        int input = 32;
        int steps = 1000;
        int batch = 4;
        Map<String, OipClient.Tensor> in = new LinkedHashMap<>();
        in.put("input", real(random, steps, batch, input));
        in.put("weight_ih_l0", real(random, 4 * hidden, input));
        in.put("weight_hh_l0", real(random, 4 * hidden, hidden));
        in.put("output_weight", real(random, 3, hidden));
        double[] targets = new double[steps * batch];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextInt(3);
        }
        in.put("targets", new OipClient.Tensor("INT64", new long[] {steps, batch}, targets));
        return request("rnn_backward", in, Map.of("cell", "lstm"), List.of("loss"), true);
    }

    private static OipClient.Tensor real(java.util.SplittableRandom random, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(-0.1, 0.1);
        }
        return new OipClient.Tensor("FP64", shape, values);
    }

    /** Little-endian FP64 bytes of {@code values}. */
    public static ByteString fp64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return ByteString.copyFrom(b.array());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
