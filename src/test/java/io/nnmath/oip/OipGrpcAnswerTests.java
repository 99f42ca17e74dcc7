package io.nnmath.oip;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.google.protobuf.ByteString;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.nnmath.grpc.inference.ModelInferResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModelInfer's answers are encoded from the float64 arrays as they are sent: the same message, to
 * the byte, as protobuf's own encoding of one with its raw_output_contents set; drained without an
 * array of all its bytes; and the same again when a transport reads it instead.
 */
class OipGrpcAnswerTests {

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static OipGrpcAnswer answer(int n) {
        double[] probabilities = new double[n];
        for (int i = 0; i < n; i++) {
            probabilities[i] = (i % 977) / 977.0;
        }
        List<OipDataPlane.Sent> sent = List.of(
                new OipDataPlane.Sent("probabilities", Datatype.FP64, new long[] {1, n}, probabilities),
                new OipDataPlane.Sent("argmax", Datatype.INT64, new long[] {1}, new double[] {976}));
        ModelInferResponse.Builder head = ModelInferResponse.newBuilder().setModelName("softmax").setModelVersion("1")
                .setId("a-1");
        for (OipDataPlane.Sent s : sent) {
            head.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(s.name())
                    .setDatatype(s.type().name()).addShape(s.shape()[0]));
        }
        return new OipGrpcAnswer(head.build(), sent);
    }

    /** What protobuf itself encodes for the answer with its values set as bytes. */
    static byte[] standard(OipGrpcAnswer answer) {
        ModelInferResponse.Builder full = answer.head().toBuilder();
        for (OipDataPlane.Sent s : answer.raw()) {
            ByteBuffer bytes = ByteBuffer.allocate(s.values().length * s.type().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            OipCodec.putBinary(s.values(), 0, s.values().length, s.type(), bytes);
            full.addRawOutputContents(ByteString.copyFrom(bytes.array()));
        }
        return full.build().toByteArray();
    }

    @Test
    void theEncodingIsProtobufsOwnToTheByte() throws Exception {
        for (int n : new int[] {1, 3, 127, 128, 20_000}) {   // lengths of 1, 2 and 3 varint bytes
            OipGrpcAnswer answer = answer(n);
            InputStream encoded = new OipGrpcAnswer.Marshaller().stream(answer);
            assertThat(encoded).isInstanceOf(Drainable.class).isInstanceOf(KnownLength.class);
            byte[] expected = standard(answer);
            assertThat(encoded.available()).isEqualTo(expected.length);
            ByteArrayOutputStream drained = new ByteArrayOutputStream();
            assertThat(((Drainable) encoded).drainTo(drained)).isEqualTo(expected.length);
            assertThat(drained.toByteArray()).as("n = " + n).isEqualTo(expected);
            assertThat(new OipGrpcAnswer.Marshaller().stream(answer).readAllBytes()).isEqualTo(expected);
            assertThat(new OipGrpcAnswer.Marshaller().parse(new java.io.ByteArrayInputStream(expected)).head())
                    .isEqualTo(ModelInferResponse.parseFrom(expected));
        }
    }

    @Test
    void aMillionValuesAreDrainedWithoutAnArrayOfTheirBytes() throws Exception {
        OipGrpcAnswer answer = answer(1_000_000);
        OutputStream wire = OutputStream.nullOutputStream();
        ((Drainable) new OipGrpcAnswer.Marshaller().stream(answer(16))).drainTo(wire);   // loaded before it is measured
        InputStream encoded = new OipGrpcAnswer.Marshaller().stream(answer);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        int written = ((Drainable) encoded).drainTo(wire);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(written).isGreaterThan(8_000_000);
        // the 64 KB staging buffer and small objects; the answer's bytes would be 8 MB
        assertThat(allocated).isLessThan(1L << 20);
    }
}
