package io.nnmath.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import io.nnmath.compute.Segments;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a {@link Tensor} as nested JSON arrays straight from its flat data. The numbers of an
 * innermost array are printed straight into the generator's byte buffer ({@link NumberRun}); Jackson's
 * own {@code writeNumber(double)} builds each number as chars and copies them to bytes one by one,
 * which took a third of the time to answer 1M logits (JFR).
 */
final class TensorWriter extends ValueSerializer<Tensor> {

    @Override
    public void serialize(Tensor tensor, JsonGenerator gen, SerializationContext ctxt) {
        Segments values = tensor.segments();
        TensorPieces pieces;
        if (values.length() >= TensorPieces.MIN_NUMBERS && tensor.shape().length > 0
                && gen instanceof UTF8JsonGenerator && gen.getPrettyPrinter() == null
                && gen.streamWriteOutputTarget() instanceof OutputStream out && allFinite(values)
                && (pieces = TensorPieces.of(values, tensor.shape())) != null) {
            // A large tensor: its text inside the outermost brackets printed by two threads, in pieces
            // written straight to the stream after what the generator holds
            gen.writeStartArray();
            gen.flush();
            try {
                pieces.writeTo(out);
            } catch (IOException e) {
                throw JacksonIOException.construct(e, gen);
            }
            gen.writeEndArray();
            return;
        }
        if (values.parts().length == 1) {
            write(values.parts()[0], tensor.shape(), 0, 0, gen, new int[1]);
            return;
        }
        // A long vector in parts: one array, whose numbers come from each part in turn
        boolean raw = gen instanceof UTF8JsonGenerator && allFinite(values);
        int[] unshared = new int[1];
        gen.writeStartArray();
        for (int p = 0; p < values.parts().length; p++) {
            writeNumbers(values.parts()[p], 0, values.lengthOf(p), p > 0, raw, gen, unshared);
        }
        gen.writeEndArray();
    }

    /** Writes the block of {@code data} from {@code offset} spanning dims {@code axis..}; returns its end. */
    private static int write(double[] data, int[] shape, int axis, int offset, JsonGenerator gen, int[] unshared) {
        if (axis == shape.length) {
            gen.writeNumber(data[offset]);
            return offset + 1;
        }
        if (axis == shape.length - 1) {
            int end = offset + shape[axis];
            gen.writeStartArray();
            writeNumbers(data, offset, end, false, gen instanceof UTF8JsonGenerator && allFinite(data, offset, end),
                    gen, unshared);
            gen.writeEndArray();
            return end;
        }
        gen.writeStartArray();
        int end = offset;
        for (int i = 0; i < shape[axis]; i++) {
            end = write(data, shape, axis + 1, end, gen, unshared);
        }
        gen.writeEndArray();
        return end;
    }

    /**
     * The numbers {@code data[from..to)} as elements of the array being written, of which the ones
     * before them ({@code after}) are already written: {@code raw}, printed straight into the
     * buffer of a UTF8JsonGenerator, for every number of the array or none (Jackson would not put a
     * comma after raw numbers).
     */
    private static void writeNumbers(double[] data, int from, int to, boolean after, boolean raw, JsonGenerator gen,
            int[] unshared) {
        if (raw) {
            NumberRun run = new NumberRun(data, from, to, after);
            while (!run.done()) {
                int before = run.next;
                gen.writeRaw(run);
                unshared[0] += run.next - before;
                if (unshared[0] >= CarrierShare.EVERY) {
                    unshared[0] = 0;
                    CarrierShare.yieldNow();
                }
            }
        } else {
            // Other generators (to a String or a token buffer) and non-finite numbers, which no
            // answer has (they are 422s): Jackson's own way.
            for (int i = from; i < to; i++) {
                gen.writeNumber(data[i]);
            }
        }
    }

    private static boolean allFinite(Segments values) {
        for (int p = 0; p < values.parts().length; p++) {
            if (!allFinite(values.parts()[p], 0, values.lengthOf(p))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allFinite(double[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(data[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The finite numbers {@code data[from..to)}, comma-separated, as raw bytes for
     * {@link JsonGenerator#writeRaw(SerializableString)}: each call fills as much of the generator's
     * buffer as it can and remembers where it stopped. When not even one more number fits, it
     * answers -1 and the generator asks for {@link #asUnquotedUTF8()}, the next number alone, which
     * it writes after flushing its buffer. The text of each number is {@link Double#toString(double)}'s
     * (the shortest decimal that reads back as the same double), printed by {@link DoublePrinter}
     * straight into the buffer.
     */
    static final class NumberRun implements SerializableString {

        /** The longest Double.toString (e.g. -2.2250738585072014E-308) and a comma. */
        private static final int MAX_NUMBER_BYTES = DoublePrinter.MAX_BYTES + 1;

        private final double[] data;
        private final int first;   // the first number that has no comma before it; -1 if none
        private final int to;
        private int next;

        /** {@code after}: the array has elements before these, so that the first needs a comma too. */
        NumberRun(double[] data, int from, int to, boolean after) {
            this.data = data;
            this.first = after ? -1 : from;
            this.to = to;
            this.next = from;
        }

        boolean done() {
            return next == to;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            int pos = offset;
            while (next < to && buffer.length - pos >= MAX_NUMBER_BYTES) {
                pos = put(buffer, pos);
            }
            return pos == offset && next < to ? -1 : pos - offset;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            byte[] one = new byte[MAX_NUMBER_BYTES];
            return Arrays.copyOf(one, put(one, 0));
        }

        /** Prints the next number, after a comma unless it is the first; returns the end. */
        private int put(byte[] buffer, int pos) {
            if (next != first) {
                buffer[pos++] = ',';
            }
            return DoublePrinter.print(data[next++], buffer, pos);
        }

        // The rest of SerializableString is for names, string values and other generators than
        // UTF8JsonGenerator, none of which this is used for.

        @Override
        public String getValue() {
            throw unsupported();
        }

        @Override
        public int charLength() {
            throw unsupported();
        }

        @Override
        public char[] asQuotedChars() {
            throw unsupported();
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw unsupported();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw unsupported();
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw unsupported();
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            throw unsupported();
        }

        @Override
        public int writeQuotedUTF8(java.io.OutputStream out) {
            throw unsupported();
        }

        @Override
        public int writeUnquotedUTF8(java.io.OutputStream out) {
            throw unsupported();
        }

        @Override
        public int putQuotedUTF8(java.nio.ByteBuffer buffer) {
            throw unsupported();
        }

        @Override
        public int putUnquotedUTF8(java.nio.ByteBuffer buffer) {
            throw unsupported();
        }

        private static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("a NumberRun is only written through JsonGenerator.writeRaw");
        }
    }
}
