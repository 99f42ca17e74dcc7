package io.nnmath.oip;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.google.protobuf.ByteString;

import io.grpc.KnownLength;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nnmath.grpc.inference.ModelInferRequest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ModelInfer's request marshaller reads the message once: its raw_input_contents are views of that
 * one array, so that an 8 MB tensor costs 8 MB to parse, not 16; and bytes that are no
 * ModelInferRequest are INVALID_ARGUMENT (which OipGrpcMalformed answers, as it does for every method).
 */
class OipGrpcRequestsTests {

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A message's bytes as the transport hands them over, knowing their length. */
    static final class Known extends ByteArrayInputStream implements KnownLength {
        Known(byte[] bytes) {
            super(bytes);
        }
    }

    static byte[] message(int n) {
        ByteBuffer values = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            values.putDouble(i % 1000 / 100.0);
        }
        return ModelInferRequest.newBuilder().setModelName("softmax")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("logits").setDatatype("FP64")
                        .addShape(1).addShape(n))
                .addRawInputContents(ByteString.copyFrom(values.array())).build().toByteArray();
    }

    @Test
    void rawInputContentsAreViewsOfTheOneArrayTheMessageIsReadInto() {
        int n = 1 << 20;
        byte[] bytes = message(n);
        OipGrpcRequests marshaller = new OipGrpcRequests();
        marshaller.parse(new Known(message(16)));   // loaded and linked before it is measured
        InputStream stream = new Known(bytes);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        ModelInferRequest parsed = marshaller.parse(stream);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        ByteString raw = parsed.getRawInputContents(0);
        assertThat(raw.size()).isEqualTo(8 * n);
        assertThat(raw.substring(8 * 7, 8 * 8).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getDouble())
                .isEqualTo(0.07);
        // the message's array (8 MB and a few bytes) and small objects; a copy would be 8 MB more
        assertThat(allocated).isBetween((long) bytes.length, bytes.length + (1L << 20));
    }

    @Test
    void bytesThatAreNoRequestAreInvalidArgument() {
        assertThatThrownBy(() -> new OipGrpcRequests().parse(new Known(new byte[] {(byte) 0xff, 0x01})))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("not a ModelInferRequest",
                            "open_inference_grpc.proto");
                });
    }
}
