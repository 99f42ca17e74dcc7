package io.nnmath.oip;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.nnmath.grpc.inference.ModelInferResponse;

/**
 * A ModelInfer answer as it goes out: the message without its {@code raw_output_contents}, and the
 * outputs' float64 values, which the marshaller encodes as those fields straight into the
 * transport's buffers, a few KB at a time. A million logits so go to the wire without an 8 MB array
 * of bytes between them and it. The fields come after the rest of the message, which protobuf
 * allows: a parser reads the same message as if they had been set on it.
 *
 * @param head the answer's other fields (model, id, outputs' names, datatypes and shapes)
 * @param raw  the outputs' values, in the order of {@code head}'s outputs
 */
record OipGrpcAnswer(ModelInferResponse head, List<OipDataPlane.Sent> raw) {

    private static final int FIELD = ModelInferResponse.RAW_OUTPUT_CONTENTS_FIELD_NUMBER;

    /** The bytes of output {@code i}'s values. */
    private long bytes(int i) {
        OipDataPlane.Sent out = raw.get(i);
        return (long) out.values().length * out.type().bytes();
    }

    /** The encoded message's length. */
    long serializedSize() {
        long size = head.getSerializedSize();
        for (int i = 0; i < raw.size(); i++) {
            size += CodedOutputStream.computeTagSize(FIELD) + CodedOutputStream.computeUInt64SizeNoTag(bytes(i))
                    + bytes(i);
        }
        return size;
    }

    /** Writes the encoded message to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        head.writeTo(out);
        long values = 0;
        for (int i = 0; i < raw.size(); i++) {
            values += bytes(i);
        }
        byte[] staging = OipCodec.staging(values);
        ByteBuffer buffer = ByteBuffer.wrap(staging).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < raw.size(); i++) {
            CodedOutputStream prefix = CodedOutputStream.newInstance(staging);
            prefix.writeTag(FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            prefix.writeUInt64NoTag(bytes(i));
            out.write(staging, 0, prefix.getTotalBytesWritten());
            OipCodec.writeBinary(out, raw.get(i).values(), raw.get(i).type(), staging, buffer);
        }
    }

    /** ModelInfer's answers for the transport: encoded as {@link #writeTo} writes them. */
    static final class Marshaller implements MethodDescriptor.Marshaller<OipGrpcAnswer> {

        @Override
        public InputStream stream(OipGrpcAnswer answer) {
            return new Encoded(answer);
        }

        /** An answer read back (a client's view): every field in the message, nothing left to encode. */
        @Override
        public OipGrpcAnswer parse(InputStream stream) {
            try {
                return new OipGrpcAnswer(ModelInferResponse.parseFrom(stream), List.of());
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("the answer is not a ModelInferResponse").withCause(e)
                        .asRuntimeException();
            }
        }
    }

    /**
     * The encoded answer as grpc-java takes a message: its length known, drained into the
     * transport's stream; read byte by byte only by a transport that cannot drain, from a copy.
     */
    private static final class Encoded extends InputStream implements Drainable, KnownLength {
        private final OipGrpcAnswer answer;
        private final int size;
        private InputStream copy;   // only when read instead of drained
        private boolean drained;

        Encoded(OipGrpcAnswer answer) {
            this.answer = answer;
            this.size = Math.toIntExact(answer.serializedSize());   // bounded by the limits on what the core answers
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            if (drained || copy != null) {
                throw new IllegalStateException("the answer has been read already");
            }
            drained = true;
            answer.writeTo(target);
            return size;
        }

        @Override
        public int available() throws IOException {
            if (copy != null) {
                return copy.available();
            }
            return drained ? 0 : size;
        }

        @Override
        public int read() throws IOException {
            return copy().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return copy().read(b, off, len);
        }

        private InputStream copy() throws IOException {
            if (copy == null) {
                if (drained) {
                    return InputStream.nullInputStream();
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
                answer.writeTo(bytes);
                copy = new ByteArrayInputStream(bytes.toByteArray());
            }
            return copy;
        }
    }
}
