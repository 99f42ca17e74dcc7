package io.nnmath.oip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.nnmath.compute.Cost;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import io.nnmath.system.Admission;
import io.nnmath.system.Limits;
import io.nnmath.tensor.NumberArray;
import io.nnmath.tensor.Tensor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Open Inference Protocol's tensors, decoded from either transport, and its REST encoding both
 * ways: a JSON header, then (with the binary tensor extension) the raw little-endian bytes of each
 * binary input in order. Every size is checked against the shape, the limits and the body before
 * anything is allocated, and binary values go straight from the body (or gRPC's
 * raw_input_contents) into the float64 arrays the capability computes in.
 */
@Component
class OipCodec {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final int STAGING = 64 * 1024;

    private final JsonMapper json;
    private final Limits limits;

    OipCodec(JsonMapper json, Limits limits) {
        this.json = json;
        this.limits = limits;
    }

    /** A request decoded: its header and its input tensors by name, in the order sent. */
    record Decoded(InferRequest header, Map<String, OipTensor> tensors) {
    }

    /** Where a transport keeps the inputs whose values are not in the header: binary, in input order. */
    interface BinaryValues {

        /** Input {@code i}'s byte count, when its values are binary; null when they are its data. */
        Long size(int i, InferRequest.Input in, String at);

        /** The pointer that names input {@code i}'s byte count in errors. */
        String sizeAt(int i, String at);

        /** Input {@code i}'s bytes, read once, in input order. */
        InputStream open(int i) throws IOException;
    }

    /** A REST request: the JSON header, or the header and the binary tensors that follow it. */
    Decoded decode(HttpServletRequest request) throws IOException {
        InputStream body = request.getInputStream();
        String headerLength = request.getHeader(HEADER_LENGTH);
        InferRequest header = headerLength == null ? json.readValue(body, InferRequest.class)
                : json.readValue(headerBytes(body, headerLength, request.getContentLengthLong()), InferRequest.class);
        Map<String, OipTensor> tensors = tensors(header, new BinaryValues() {
            @Override
            public Long size(int i, InferRequest.Input in, String at) {
                Object size = in.parameters() == null ? null : in.parameters().get("binary_data_size");
                if (size == null) {
                    return null;
                }
                if (headerLength == null) {
                    throw bad(at + "/parameters/binary_data_size", "needs the request header " + HEADER_LENGTH
                            + ": the length of the JSON header that the binary tensors follow");
                }
                if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
                    throw bad(sizeAt(i, at), "must be the byte length of the tensor's binary data, not " + size);
                }
                return ((Number) size).longValue();
            }

            @Override
            public String sizeAt(int i, String at) {
                return at + "/parameters/binary_data_size";
            }

            @Override
            public InputStream open(int i) {
                return body;
            }
        });
        if (headerLength != null && body.read() >= 0) {
            throw bad("", "has bytes after its binary tensors; binary_data_size must add up to the body after "
                    + "the header");
        }
        return new Decoded(header, tensors);
    }

    /** The input tensors of {@code header}, by name in the order sent, from its data or {@code binary}. */
    Map<String, OipTensor> tensors(InferRequest header, BinaryValues binary) throws IOException {
        List<Planned> plan = plan(header, binary);
        Map<String, OipTensor> tensors = new LinkedHashMap<>();
        for (Planned p : plan) {
            double[] data = p.binary() ? readBinary(binary.open(p.index()), p.type(), p.count(), p.at())
                    : p.input().data().data();
            if (!p.binary()) {
                requireNesting(p.input().data(), p.shape(), p.at() + "/data");
            }
            if (!p.binary() && !p.type().real()) {
                requireIntegral(data, p.at() + "/data");
            } else if (!p.binary() && p.type() == Datatype.FP32) {
                roundToFloat(data, p.at() + "/data");
            }
            tensors.put(p.input().name(), new OipTensor(p.input().name(), p.type(), p.shape(), data, p.at()));
        }
        return tensors;
    }

    /** One input as the header announces it, every size checked before anything is allocated. */
    private record Planned(int index, InferRequest.Input input, String at, Datatype type, int[] shape, int count,
                           boolean binary) {
    }

    private List<Planned> plan(InferRequest header, BinaryValues binary) {
        if (header.inputs() == null || header.inputs().isEmpty()) {
            throw bad("/inputs", "is required: one entry per input tensor");
        }
        List<Planned> plan = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long numbers = 0;
        for (int i = 0; i < header.inputs().size(); i++) {
            Planned p = plan(i, header.inputs().get(i), "/inputs/" + i, binary);
            if (!names.add(p.input().name())) {
                throw bad(p.at() + "/name", "repeats input " + ProblemException.prefix(p.input().name())
                        + "; send each input once");
            }
            numbers += p.count();
            if (numbers > limits.maxNumbers()) {
                throw ProblemException.tooLarge("the request's tensors have more than " + limits.maxNumbers()
                        + " numbers (nnmath.limits.max-numbers); send fewer rows per request");
            }
            plan.add(p);
        }
        return plan;
    }

    private Planned plan(int index, InferRequest.Input in, String at, BinaryValues binary) {
        if (in == null) {
            throw bad(at, "must be an object (an input tensor), not null");
        }
        if (in.name() == null || in.name().isEmpty()) {
            throw bad(at + "/name", "is required");
        }
        Datatype type = Datatype.parse(in.datatype(), at + "/datatype");
        int[] shape = shape(in.shape(), at + "/shape");
        int count = (int) count(shape, at + "/shape");
        if (count == 0) {
            throw ProblemException.shape(at + "/shape", "has no elements (" + java.util.Arrays.toString(shape)
                    + "); every dimension must be at least 1");
        }
        Long size = binary.size(index, in, at);
        if (size == null) {
            if (in.data() == null) {
                throw bad(at, "has neither data nor binary data (parameters.binary_data_size over REST, "
                        + "raw_input_contents over gRPC)");
            }
            if (in.data().size() != count) {
                throw bad(in.data().pointer(), "has " + in.data().size() + " elements but shape "
                        + java.util.Arrays.toString(shape) + " has " + count);
            }
            return new Planned(index, in, at, type, shape, count, false);
        }
        if (in.data() != null) {
            throw bad(at + "/data", "cannot be sent with binary data; send one of them");
        }
        long expected = (long) count * type.bytes();
        if (size != expected) {
            throw bad(binary.sizeAt(index, at), "must be " + expected + " bytes: " + count + " elements of "
                    + type + " for shape " + java.util.Arrays.toString(shape) + ", not " + size);
        }
        return new Planned(index, in, at, type, shape, count, true);
    }

    private static byte[] headerBytes(InputStream body, String headerLength, long contentLength) throws IOException {
        long n;
        try {
            n = Long.parseLong(headerLength.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw bad("", "has a request header " + HEADER_LENGTH + " ('" + ProblemException.prefix(headerLength)
                    + "') that is no byte count: it must be the byte length of the JSON header at the start of "
                    + "the body, a whole number of at least 0");
        }
        if (n > Integer.MAX_VALUE || contentLength >= 0 && n > contentLength) {
            throw bad("", "is shorter than its " + HEADER_LENGTH + " header ('" + ProblemException.prefix(headerLength)
                    + "'), which must be the byte length of the JSON header at the start of the body");
        }
        Admission.charge(n);
        byte[] bytes = body.readNBytes((int) n);
        if (bytes.length < n) {
            throw bad("", "ends after " + bytes.length + " bytes, before the " + n + " of the JSON header that "
                    + HEADER_LENGTH + " announces");
        }
        return bytes;
    }

    private static int[] shape(List<Long> shape, String at) {
        if (shape == null) {
            throw bad(at, "is required: the tensor's dimensions");
        }
        int[] dims = new int[shape.size()];
        for (int d = 0; d < dims.length; d++) {
            Long dim = shape.get(d);
            if (dim == null || dim < 0 || dim > Integer.MAX_VALUE) {
                throw bad(at + "/" + d, "must be a dimension from 0 to " + Integer.MAX_VALUE + ", not " + dim);
            }
            dims[d] = (int) (long) dim;
        }
        return dims;
    }

    private long count(int[] shape, String at) {
        long count = 1;
        for (int dim : shape) {
            count *= dim;
            if (count > limits.maxNumbers()) {
                throw ProblemException.tooLarge(at + " has more than " + limits.maxNumbers()
                        + " elements (nnmath.limits.max-numbers); send fewer rows per request");
            }
        }
        return count;
    }

    /** {@code count} values of {@code type} from the body, little-endian, widened to float64 and checked finite. */
    private static double[] readBinary(InputStream body, Datatype type, int count, String at) throws IOException {
        Admission.charge(Cost.doubleBytes(count));
        Admission.countNumbers(count);
        double[] out = new double[count];
        byte[] staging = staging((long) count * type.bytes());
        ByteBuffer buffer = ByteBuffer.wrap(staging).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, staging.length / type.bytes());
            int bytes = n * type.bytes();
            if (body.readNBytes(staging, 0, bytes) < bytes) {
                throw bad(at + "/parameters/binary_data_size", "promises more bytes than the body has left");
            }
            buffer.clear();
            switch (type) {
                case FP64 -> buffer.asDoubleBuffer().get(out, done, n);
                case FP32 -> {
                    for (int i = 0; i < n; i++) {
                        out[done + i] = buffer.getFloat(4 * i);
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < n; i++) {
                        out[done + i] = buffer.getLong(8 * i);
                    }
                }
                case INT32 -> {
                    for (int i = 0; i < n; i++) {
                        out[done + i] = buffer.getInt(4 * i);
                    }
                }
            }
            if (type.real()) {
                for (int i = done; i < done + n; i++) {
                    if (!Double.isFinite(out[i])) {
                        throw ProblemException.invalid(at + "/data/" + i, "is " + out[i] + " (element " + i
                                + " of the binary data); every number must be finite");
                    }
                }
            }
            done += n;
        }
        return out;
    }

    /** JSON data of an FP32 tensor is what float32 makes of it, as if it had been sent binary. */
    private static void roundToFloat(double[] data, String at) {
        for (int i = 0; i < data.length; i++) {
            float f = (float) data[i];
            if (Float.isInfinite(f)) {
                throw ProblemException.invalid(at + "/" + i, "is beyond float32's range (the datatype is FP32); "
                        + "send FP64, or a smaller number");
            }
            data[i] = f;
        }
    }

    /** Nested data must nest as the shape does; flat data is read in row-major order, whatever the shape. */
    private static void requireNesting(NumberArray data, int[] shape, String at) {
        if (data.rank() <= 1) {
            return;
        }
        boolean nests = data.rank() == shape.length;
        for (int depth = 0; nests && depth < shape.length; depth++) {
            for (int j = 0; nests && j < data.arraysAt(depth); j++) {
                nests = data.lengthAt(depth, j) == shape[depth];
            }
        }
        if (!nests) {
            throw bad(at, "is nested as no array of shape " + Arrays.toString(shape) + " is; send it flat, or "
                    + "nested as the shape");
        }
    }

    private static void requireIntegral(double[] data, String at) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] != Math.rint(data[i])) {
                throw ProblemException.wrongType(at + "/" + i, "must be an integer: the tensor's datatype is an integer type");
            }
        }
    }

    /** Writes the answer: JSON, or the JSON header and the binary outputs after it. */
    void encode(OipModel model, InferRequest request, List<OipDataPlane.Sent> sent, HttpServletResponse response)
            throws IOException {
        boolean allBinary = flag(request.parameters(), "binary_data_output", "/parameters");
        Map<String, Boolean> binaryByName = binaryByName(request);
        List<InferResponse.Output> header = new ArrayList<>();
        List<OipDataPlane.Sent> binaries = new ArrayList<>();
        for (OipDataPlane.Sent out : sent) {
            boolean binary = binaryByName.getOrDefault(out.name(), allBinary);
            Object data = null;
            Map<String, Object> parameters = null;
            if (binary) {
                parameters = Map.of("binary_data_size", (long) out.values().length * out.type().bytes());
                binaries.add(out);
            } else {
                data = out.type().real() ? new Tensor(out.values(), out.values().length) : toLongs(out.values());
            }
            header.add(new InferResponse.Output(out.name(), out.type().name(), out.shape(), parameters, data));
        }
        InferResponse answer = new InferResponse(model.name(), "1", request.id(), header);
        if (binaries.isEmpty()) {
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), answer);
            return;
        }
        byte[] head = json.writeValueAsBytes(answer);
        long total = head.length;
        for (OipDataPlane.Sent b : binaries) {
            total += (long) b.values().length * b.type().bytes();
        }
        response.setContentType("application/octet-stream");
        response.setHeader(HEADER_LENGTH, Integer.toString(head.length));
        response.setContentLengthLong(total);
        OutputStream out = response.getOutputStream();
        out.write(head);
        byte[] staging = staging(total - head.length);
        ByteBuffer buffer = ByteBuffer.wrap(staging).order(ByteOrder.LITTLE_ENDIAN);
        for (OipDataPlane.Sent b : binaries) {
            writeBinary(out, b.values(), b.type(), staging, buffer);
        }
    }

    /** The outputs that asked for binary data, or not, themselves ({@code parameters.binary_data}). */
    private static Map<String, Boolean> binaryByName(InferRequest header) {
        Map<String, Boolean> binary = new LinkedHashMap<>();
        if (header.outputs() != null) {
            for (int i = 0; i < header.outputs().size(); i++) {
                InferRequest.Output out = header.outputs().get(i);
                if (out.parameters() != null && out.parameters().get("binary_data") != null) {
                    binary.put(out.name(), flag(out.parameters(), "binary_data", "/outputs/" + i + "/parameters"));
                }
            }
        }
        return binary;
    }

    /**
     * A staging array for {@code bytes} of binary values: {@link #STAGING} at most, and no larger than
     * they need (16 bytes at least, room for any one value or a field's tag and length), since a
     * fresh 64 KB array for an answer of three numbers took a sixth of a small gRPC call's CPU.
     */
    static byte[] staging(long bytes) {
        return new byte[(int) Math.min(STAGING, Math.max(16, bytes))];
    }

    /** Writes {@code values} as {@code type}'s bytes to {@code out}, through {@code staging} (which {@code buffer} wraps). */
    static void writeBinary(OutputStream out, double[] values, Datatype type, byte[] staging, ByteBuffer buffer)
            throws IOException {
        int per = staging.length / type.bytes();
        for (int done = 0; done < values.length; done += per) {
            int n = Math.min(per, values.length - done);
            putBinary(values, done, n, type, buffer);
            out.write(staging, 0, n * type.bytes());
        }
    }

    /**
     * {@code n} values from {@code values[from]} as {@code type}, little-endian, at the start of
     * {@code le} (a little-endian buffer with room for them): the binary form of an output, over
     * REST and gRPC alike.
     */
    static void putBinary(double[] values, int from, int n, Datatype type, ByteBuffer le) {
        switch (type) {
            case FP64 -> le.asDoubleBuffer().put(0, values, from, n);
            case FP32 -> {
                for (int i = 0; i < n; i++) {
                    le.putFloat(4 * i, (float) values[from + i]);
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    le.putLong(8 * i, (long) values[from + i]);
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    le.putInt(4 * i, (int) values[from + i]);
                }
            }
        }
    }

    private static long[] toLongs(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    private static boolean flag(Map<String, Object> parameters, String name, String at) {
        Object value = parameters == null ? null : parameters.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw ProblemException.wrongType(at + "/" + name, "must be a boolean");
        }
        return b;
    }

    static ProblemException bad(String pointer, String message) {
        return ProblemException.of(ProblemType.BAD_REQUEST, pointer, message);
    }
}
