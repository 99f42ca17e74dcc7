package io.nnmath.oip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Compressor;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.InferParameter;
import io.nnmath.grpc.inference.InferTensorContents;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelMetadataRequest;
import io.nnmath.grpc.inference.ModelMetadataResponse;
import io.nnmath.grpc.inference.ModelReadyRequest;
import io.nnmath.grpc.inference.ServerLiveRequest;
import io.nnmath.grpc.inference.ServerMetadataRequest;
import io.nnmath.grpc.inference.ServerMetadataResponse;
import io.nnmath.grpc.inference.ServerReadyRequest;
import io.nnmath.problem.ProblemType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gRPC service's metadata, health and errors: every client mistake is INVALID_ARGUMENT (never
 * UNKNOWN or INTERNAL) with the REST problem's detail, pointing into the message; an unknown model
 * is NOT_FOUND; a client deadline that passes stops the computation. The limits' and overload's
 * codes are in OipGrpcLimitsTests and AdmissionTests, shutdown in GracefulShutdownTests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OipGrpcProblemTests extends OverGrpc {

    @Autowired
    MeterRegistry registry;

    @LocalServerPort
    int port;

    static final Map<String, OipClient.Tensor> IRIS = Map.of("logits",
            new OipClient.Tensor("FP64", new long[] {1, 3}, new double[] {1.43, -0.4, 0.23}));

    @Test
    void serverAndModelMetadataAndHealthAreThoseOfRest() {
        assertThat(client.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(client.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(client.stub().modelReady(ModelReadyRequest.newBuilder().setName("softmax").build()).getReady())
                .isTrue();
        ServerMetadataResponse server = client.stub().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertThat(server.getName()).isEqualTo("nnmath");
        assertThat(server.getExtensionsList()).contains("binary_tensor_data");
        ModelMetadataResponse softmax = client.stub().modelMetadata(ModelMetadataRequest.newBuilder()
                .setName("softmax").setVersion("1").build());
        assertThat(softmax.getVersionsList()).containsExactly("1");
        assertThat(softmax.getInputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName).contains("logits");
        assertThat(softmax.getOutputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName)
                .contains("probabilities", "argmax");
        assertThat(softmax.getInputs(0).getShapeList()).contains(-1L);
        var health = HealthGrpc.newBlockingStub(client.channel());
        for (String service : new String[] {"", "inference.GRPCInferenceService"}) {
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    @Test
    void anUnknownModelOrVersionIsNotFoundNamingTheModels() {
        assertStatus(() -> client.infer("softmx", IRIS, null, null, true), Status.Code.NOT_FOUND,
                "no model is named 'softmx'; the models are cross_entropy");
        assertStatus(() -> client.stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("softmax")
                .setVersion("2").build()), Status.Code.NOT_FOUND, "has only version 1");
        assertStatus(() -> client.stub().modelReady(ModelReadyRequest.newBuilder().setName("x").build()),
                Status.Code.NOT_FOUND, "no model is named 'x'");
    }

    @Test
    void malformedRequestsAreInvalidArgumentsPointingIntoTheMessage() {
        ModelInferRequest iris = OipGrpcClient.request("softmax", IRIS, null, null, true);
        // a datatype nnmath does not take
        assertInvalid(iris.toBuilder().setInputs(0, iris.getInputs(0).toBuilder().setDatatype("BYTES")).build(),
                "/inputs/0/datatype must be FP64 or FP32");
        // raw bytes that are not the shape's
        assertInvalid(iris.toBuilder().setRawInputContents(0, OipGrpcClient.fp64(1, 2)).build(),
                "/raw_input_contents/0 must be 24 bytes: 3 elements of FP64 for shape [1, 3], not 16");
        // raw_input_contents for some inputs only
        ModelInferRequest twoInputs = OipGrpcClient.request("cross_entropy", Map.of(
                "logits", IRIS.get("logits"), "target", new OipClient.Tensor("INT64", new long[] {1}, new double[] {0})),
                null, null, true);
        assertInvalid(twoInputs.toBuilder().clearRawInputContents().addRawInputContents(twoInputs.getRawInputContents(0))
                        .build(),
                "/raw_input_contents has 1 entries for 2 inputs");
        // a NaN, raw and in the typed contents
        assertInvalid(iris.toBuilder().setRawInputContents(0, OipGrpcClient.fp64(1, Double.NaN, 3)).build(),
                "/inputs/0/data/1 is NaN");
        ModelInferRequest typed = OipGrpcClient.request("softmax", IRIS, null, null, false);
        assertInvalid(typed.toBuilder().setInputs(0, typed.getInputs(0).toBuilder().setContents(
                InferTensorContents.newBuilder().addFp64Contents(1).addFp64Contents(Double.POSITIVE_INFINITY)
                        .addFp64Contents(3))).build(), "/inputs/0/contents/fp64_contents/1 is Infinity");
        // values in the field of another datatype
        assertInvalid(typed.toBuilder().setInputs(0, typed.getInputs(0).toBuilder().setContents(
                InferTensorContents.newBuilder().addFp32Contents(1).addFp32Contents(2).addFp32Contents(3))).build(),
                "/inputs/0/contents holds values outside fp64_contents");
        // fewer values than the shape has
        assertInvalid(typed.toBuilder().setInputs(0, typed.getInputs(0).toBuilder().setContents(
                InferTensorContents.newBuilder().addFp64Contents(1).addFp64Contents(2))).build(),
                "/inputs/0/contents/fp64_contents has 2 elements but shape [1, 3] has 3");
        // no values at all
        assertInvalid(typed.toBuilder().setInputs(0, typed.getInputs(0).toBuilder().clearContents()).build(),
                "/inputs/0 has neither data nor binary data");
        // parameters: unknown, of the wrong type, not finite, without a value
        assertInvalid(iris.toBuilder().putParameters("temprature", OipGrpcClient.parameter(2.0)).build(),
                "/parameters/temprature is not a parameter of model softmax");
        assertInvalid(iris.toBuilder().putParameters("temperature", OipGrpcClient.parameter("hot")).build(),
                "/parameters/temperature must be a number");
        assertInvalid(iris.toBuilder().putParameters("temperature", OipGrpcClient.parameter(Double.NaN)).build(),
                "/parameters/temperature is NaN");
        assertInvalid(iris.toBuilder().putParameters("temperature", InferParameter.getDefaultInstance()).build(),
                "/parameters/temperature has no value");
        // an output parameter of an extension nnmath does not serve (Triton's top-k classification)
        assertInvalid(iris.toBuilder().addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName("probabilities").putParameters("classification", OipGrpcClient.parameter(2))).build(),
                "/outputs/0/parameters/classification is not a parameter of an output");
        // an output the model does not have
        assertInvalid(iris.toBuilder().addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName("logits")).build(), "/outputs/0/name is not an output of model softmax");
    }

    @Test
    void bytesThatAreNotAMethodsRequestAreInvalidArgumentOnEveryMethodWithoutAnErrorInTheLog(CapturedOutput log) {
        // field 5 announced as 100 bytes long, then 2: no message of any type
        byte[] broken = {0x2a, 100, 1, 2};
        Map<MethodDescriptor<?, ?>, String> methods = new java.util.LinkedHashMap<>();
        methods.put(GRPCInferenceServiceGrpc.getModelInferMethod(), "is not a ModelInferRequest of the Open Inference Protocol");
        methods.put(GRPCInferenceServiceGrpc.getModelMetadataMethod(), "is not a well-formed inference.ModelMetadataRequest");
        methods.put(GRPCInferenceServiceGrpc.getModelReadyMethod(), "is not a well-formed inference.ModelReadyRequest");
        methods.put(GRPCInferenceServiceGrpc.getServerMetadataMethod(), "is not a well-formed inference.ServerMetadataRequest");
        methods.put(GRPCInferenceServiceGrpc.getServerLiveMethod(), "is not a well-formed inference.ServerLiveRequest");
        methods.put(GRPCInferenceServiceGrpc.getServerReadyMethod(), "is not a well-formed inference.ServerReadyRequest");
        methods.put(HealthGrpc.getCheckMethod(), "is not a well-formed grpc.health.v1.HealthCheckRequest");
        methods.forEach((method, detail) -> {
            MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RAW, RAW).build();
            assertStatus(() -> ClientCalls.blockingUnaryCall(client.channel(), raw, CallOptions.DEFAULT, broken),
                    Status.Code.INVALID_ARGUMENT, detail);
        });
        assertThat(log.getAll()).doesNotContain("Exception while executing runnable", "Application error processing RPC");
        // and a good message read through the same marshaller still answers
        MethodDescriptor<byte[], byte[]> infer = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(RAW, RAW)
                .build();
        byte[] iris = OipGrpcClient.request("softmax", IRIS, null, null, true).toByteArray();
        assertThat(ClientCalls.blockingUnaryCall(client.channel(), infer, CallOptions.DEFAULT, iris)).isNotEmpty();
        assertThat(client.stub().modelReady(ModelReadyRequest.newBuilder().setName("softmax").build()).getReady())
                .isTrue();
    }

    @Test
    void aCallWithoutItsRequestWithTwoOrWithACompressionThatDoesNotDecodeIsInvalidArgument(CapturedOutput log)
            throws Exception {
        MethodDescriptor<byte[], byte[]> infer = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(RAW, RAW)
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING).build();   // this client sends what it likes
        byte[] iris = OipGrpcClient.request("softmax", IRIS, null, null, true).toByteArray();
        assertThat(rawCall(client.channel(), infer, CallOptions.DEFAULT)).satisfies(status -> {
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("ended before its request message",
                    "takes one inference.ModelInferRequest");
        });
        assertThat(rawCall(client.channel(), infer, CallOptions.DEFAULT, iris, iris)).satisfies(status -> {
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("ModelInfer takes one request message");
        });
        // gzip whose deflated bytes are flipped after its 10-byte header, so that they do not decode (a
        // header that is not gzip fails inside grpc-java's deframer, before any marshaller: UNKNOWN)
        CompressorRegistry garbled = CompressorRegistry.newEmptyInstance();
        garbled.register(new Compressor() {
            @Override
            public String getMessageEncoding() {
                return "gzip";
            }

            @Override
            public java.io.OutputStream compress(java.io.OutputStream os) throws java.io.IOException {
                return new java.util.zip.GZIPOutputStream(new java.io.FilterOutputStream(os) {
                    private int written;

                    @Override
                    public void write(int b) throws java.io.IOException {
                        out.write(written++ < 10 ? b : b ^ 0x5a);
                    }
                });
            }
        });
        ManagedChannel gzip = ManagedChannelBuilder.forAddress("localhost", grpc.getPort()).usePlaintext()
                .compressorRegistry(garbled).build();
        try {
            assertThat(rawCall(gzip, infer, CallOptions.DEFAULT.withCompression("gzip"), iris)).satisfies(status -> {
                assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(status.getDescription()).contains("could not be read", "grpc-encoding");
            });
        } finally {
            gzip.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(log.getAll()).doesNotContain("Exception while executing runnable", "Application error processing RPC");
    }

    /** The status a call of {@code requests} (then half-closed) ends with. */
    static Status rawCall(io.grpc.Channel channel, MethodDescriptor<byte[], byte[]> method, CallOptions options,
            byte[]... requests) throws Exception {
        java.util.concurrent.CompletableFuture<Status> ended = new java.util.concurrent.CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(method, options.withDeadlineAfter(10, TimeUnit.SECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                ended.complete(status);
            }
        }, new Metadata());
        call.request(2);
        for (byte[] r : requests) {
            call.sendMessage(r);
        }
        call.halfClose();
        return ended.get(10, TimeUnit.SECONDS);
    }

    /** A message as its bytes, sent and received as they are. */
    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    @Test
    void theCapabilitysOwnChecksGiveTheRestDetailWordForWord() {
        Map<String, Object> cold = Map.of("temperature", -1.0);
        OipClient.Answer rest = new OipClient(port).infer("softmax", IRIS, cold, null, true);
        assertThat(rest.status()).isEqualTo(422);
        String detail = rest.body().path("detail").asString();
        assertThat(detail).startsWith("/parameters/temperature");
        assertStatus(() -> client.infer("softmax", IRIS, cold, null, true), Status.Code.INVALID_ARGUMENT, detail);
    }

    @Test
    void callsAreTimedPerMethodAndComputationsTaggedGrpc() {
        client.infer("softmax", IRIS, null, null, true);
        assertThat(registry.find("nnmath.compute").tag("operation", "softmax").tag("protocol", "grpc").timers())
                .isNotEmpty();
        List<String> grpcMeters = registry.getMeters().stream().map(m -> m.getId().getName() + m.getId().getTags())
                .filter(n -> n.startsWith("grpc.server")).toList();
        assertThat(grpcMeters).as("Micrometer's gRPC server observation").anyMatch(n -> n.contains("ModelInfer"));
    }

    @Test
    void aWholeDoubleIsAnIntegerParameterAsTritonClientsSendIt() {
        Map<String, OipClient.Tensor> in = new java.util.LinkedHashMap<>(IRIS);
        in.put("target", new OipClient.Tensor("INT64", new long[] {1}, new double[] {0}));
        Map<String, OipClient.Tensor> ignored = client.infer("cross_entropy", in, Map.of("ignore_index", 0.0,
                "reduction", "none"), List.of("losses"), true);
        assertThat(ignored.get("losses").values()).containsExactly(0.0);
        assertStatus(() -> client.infer("cross_entropy", in, Map.of("ignore_index", 0.5), null, true),
                Status.Code.INVALID_ARGUMENT, "/parameters/ignore_index must be an integer");
    }

    @Test
    void everyKindOfProblemHasAGrpcCodeAndOnlyABugIsInternal() {
        for (ProblemType type : ProblemType.values()) {
            Status.Code code = OipGrpcService.code(type).getCode();
            assertThat(code).as(type.name()).isNotEqualTo(Status.Code.UNKNOWN);
            assertThat(code == Status.Code.INTERNAL).as(type.name()).isEqualTo(type == ProblemType.INTERNAL_ERROR);
            if (type.status().is4xxClientError()) {
                assertThat(code).as(type.name()).isIn(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
                        Status.Code.RESOURCE_EXHAUSTED, Status.Code.DEADLINE_EXCEEDED);
            }
        }
        assertThat(OipGrpcService.code(ProblemType.LIMIT_EXCEEDED).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(OipGrpcService.code(ProblemType.OVERLOADED).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aClientDeadlineThatPassesStopsTheComputation() throws InterruptedException {
        // A call first, so that the channel is connected: the server may have just been restarted
        // (Spring pauses the cached contexts it is not using), and a deadline that passed while the
        // connection was still being made would leave the server no call to stop.
        assertThat(client.infer("softmax", IRIS, null, List.of("probabilities"), true)).containsKey("probabilities");
        double before = abandoned();
        // 100 ms: short of the computation (983 M multiply-adds, under 200 ms on hot vector kernels
        // here, so 200 ms let it finish), and long enough for the 2 MB message to arrive on loopback.
        // Should the deadline pass while it still arrives, the stream counts the call as abandoned.
        assertThatThrownBy(() -> client.stub().withDeadlineAfter(100, TimeUnit.MILLISECONDS)
                .modelInfer(OipGrpcClient.slowRequest()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        // The computation notices between its steps and stops; it is counted when it has.
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (abandoned() == before && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(abandoned()).isEqualTo(before + 1);
        assertThat(client.infer("softmax", IRIS, null, List.of("probabilities"), true)).containsKey("probabilities");
    }

    private double abandoned() {
        var counter = registry.find("nnmath.compute.abandoned").tag("protocol", "grpc").counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertInvalid(ModelInferRequest request, String message) {
        assertStatus(() -> client.stub().modelInfer(request), Status.Code.INVALID_ARGUMENT, message);
    }

    static void assertStatus(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
