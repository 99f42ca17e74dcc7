package io.nnmath.oip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferRequest;

/**
 * How ModelInfer's requests are read: the message's bytes once into an array, and the tensors'
 * {@code raw_input_contents} left as views of it instead of copies (grpc-java's own marshaller
 * copies a message over 4 MB in 4 KB pieces, then each bytes field again). Bytes that are not a
 * ModelInferRequest are the client's mistake, INVALID_ARGUMENT ({@link OipGrpcMalformed} answers it).
 */
final class OipGrpcRequests implements MethodDescriptor.PrototypeMarshaller<ModelInferRequest> {

    private static final MethodDescriptor.Marshaller<ModelInferRequest> STANDARD =
            ProtoUtils.marshaller(ModelInferRequest.getDefaultInstance());

    /**
     * The service's definition with ModelInfer's requests read by this marshaller and its answers
     * encoded by {@link OipGrpcAnswer.Marshaller}; everything else as generated.
     */
    static ServerServiceDefinition bind(OipGrpcService service) {
        MethodDescriptor<ModelInferRequest, OipGrpcAnswer> infer = GRPCInferenceServiceGrpc.getModelInferMethod()
                .toBuilder(new OipGrpcRequests(), new OipGrpcAnswer.Marshaller())
                .build();
        return OipGrpcMalformed.withMethods(GRPCInferenceServiceGrpc.bindService(service),
                m -> m.getMethodDescriptor().getFullMethodName().equals(infer.getFullMethodName())
                        ? ServerMethodDefinition.create(infer, ServerCalls.asyncUnaryCall(service::infer)) : m);
    }

    @Override
    public ModelInferRequest getMessagePrototype() {
        return ModelInferRequest.getDefaultInstance();
    }

    @Override
    public Class<ModelInferRequest> getMessageClass() {
        return ModelInferRequest.class;
    }

    @Override
    public InputStream stream(ModelInferRequest value) {
        return STANDARD.stream(value);
    }

    @Override
    public ModelInferRequest parse(InputStream stream) {
        byte[] bytes;
        try {
            if (stream instanceof KnownLength) {
                // Straight into an array of the message's size (readNBytes(int) would gather it in
                // 16 KB pieces first: twice the memory, and a young collection every few requests)
                bytes = new byte[stream.available()];
                int read = stream.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    bytes = Arrays.copyOf(bytes, read);
                }
            } else {
                bytes = stream.readAllBytes();
            }
            int more = stream.read();
            if (more >= 0) { // a stream that knew less than it had: the rest too
                ByteArrayOutputStream all = new ByteArrayOutputStream(bytes.length + 1);
                all.write(bytes);
                all.write(more);
                stream.transferTo(all);
                bytes = all.toByteArray();
            }
        } catch (IOException e) {   // its bytes arrived whole: only a compression the client botched fails here
            throw new UncheckedIOException(e);   // INVALID_ARGUMENT, as OipGrpcMalformed answers it for every method
        }
        try {
            // Aliasing takes effect only on a buffer that protobuf knows to be immutable, as an
            // unsafely wrapped ByteString's is; CodedInputStream.newInstance(byte[]) copied every
            // bytes field in spite of enableAliasing.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE); // the server's inbound message limit bounds it already
            ModelInferRequest request = ModelInferRequest.parseFrom(in);
            in.checkLastTagWas(0);
            return request;
        } catch (IOException e) { // InvalidProtocolBufferException: the bytes of an array cannot fail otherwise
            throw Status.INVALID_ARGUMENT.withDescription("the message is not a ModelInferRequest of the Open "
                    + "Inference Protocol (" + e.getMessage() + "); send one encoded as open_inference_grpc.proto "
                    + "defines it").withCause(e).asRuntimeException();
        }
    }
}
