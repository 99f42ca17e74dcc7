package io.nnmath.bench.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.google.protobuf.UnsafeByteOperations;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelInferResponse;

/**
 * The floor under nnmath's gRPC row: a bare grpc-java server (Netty, no Spring) whose ModelInfer
 * answers each input's {@code raw_input_contents} back as an output's {@code raw_output_contents}.
 * It reads the message once into one array and parses it there, the tensors' bytes shared with that
 * array, not copied (as nnmath's own marshaller does), and the answer goes out through protobuf's
 * stock marshaller, written straight into the transport's buffers. A 1M-logit call to it moves the
 * same 8 MB in and 8 MB out as nnmath's softmax and computes nothing, so its time is what the
 * transport and protobuf alone cost this client.
 */
final class BareGrpcEcho {

    private BareGrpcEcho() {
    }

    /**
     * Serves on {@code 127.0.0.1:port} until the process is stopped, with a flow-control window of
     * {@code window} bytes (grpc-java's default for 0).
     */
    static void serve(int port, int window) throws Exception {
        MethodDescriptor<ModelInferRequest, ModelInferResponse> modelInfer = GRPCInferenceServiceGrpc
                .getModelInferMethod().toBuilder(new SharedBytes(), ProtoUtils.marshaller(ModelInferResponse
                        .getDefaultInstance())).build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(GRPCInferenceServiceGrpc.SERVICE_NAME)
                .addMethod(modelInfer, ServerCalls.asyncUnaryCall((request, answer) -> {
                    answer.onNext(echo(request));
                    answer.onCompleted();
                })).build();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .maxInboundMessageSize(64 << 20).addService(service);
        if (window > 0) {
            builder.flowControlWindow(window);
        }
        Server server = builder.build().start();
        System.out.println("bare grpc-java echo on 127.0.0.1:" + server.getPort());
        server.awaitTermination();
    }

    private static ModelInferResponse echo(ModelInferRequest request) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName());
        for (ModelInferRequest.InferInputTensor input : request.getInputsList()) {
            response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(input.getName())
                    .setDatatype(input.getDatatype()).addAllShape(input.getShapeList()));
        }
        return response.addAllRawOutputContents(request.getRawInputContentsList()).build();
    }

    /** Reads a request into one array and parses it there, its bytes fields views of that array. */
    private static final class SharedBytes implements MethodDescriptor.Marshaller<ModelInferRequest> {

        @Override
        public InputStream stream(ModelInferRequest request) {
            return request.toByteString().newInput();
        }

        @Override
        public ModelInferRequest parse(InputStream stream) {
            try {
                var input = UnsafeByteOperations.unsafeWrap(stream.readAllBytes()).newCodedInput();
                input.enableAliasing(true);
                return ModelInferRequest.parseFrom(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
