package io.nnmath.web;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/** Writes a {@link Tensor} as nested JSON arrays straight from its flat data. */
final class TensorWriter extends ValueSerializer<Tensor> {

    @Override
    public void serialize(Tensor tensor, JsonGenerator gen, SerializationContext ctxt) {
        write(tensor.data(), tensor.shape(), 0, 0, gen);
    }

    /** Writes the block of {@code data} from {@code offset} spanning dims {@code axis..}; returns its end. */
    private static int write(double[] data, int[] shape, int axis, int offset, JsonGenerator gen) {
        if (axis == shape.length) {
            gen.writeNumber(data[offset]);
            return offset + 1;
        }
        if (axis == shape.length - 1) {
            gen.writeArray(data, offset, shape[axis]);
            return offset + shape[axis];
        }
        gen.writeStartArray();
        int end = offset;
        for (int i = 0; i < shape[axis]; i++) {
            end = write(data, shape, axis + 1, end, gen);
        }
        gen.writeEndArray();
        return end;
    }
}
