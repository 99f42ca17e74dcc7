package io.nnmath.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.nnmath.compute.Cost;
import io.nnmath.compute.Segments;
import io.nnmath.problem.ProblemException;
import io.nnmath.system.Admission;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a JSON number or nested array of numbers straight into a flat {@code double[]}, without
 * boxing or a tree. Rejects at once, with the JSON Pointer of the offender: non-numbers (400),
 * non-finite numbers and empty arrays or mixed depths (422), and more numbers in one request than
 * the limit (413). Ragged arrays are kept; the caller decides which depths must be uniform.
 *
 * <p>From a {@link ScanningJsonParser} (every UTF-8 request body) the numbers of an innermost
 * array are read in runs straight from the parser's buffer; whatever ends a run, from a closing
 * bracket to a string or a number Jackson must judge, is read here token by token, so that every
 * check and pointer below applies unchanged.
 */
final class NestedArrayReader<T extends NestedArray> extends ValueDeserializer<T> {

    /** Context attribute: how many numbers this request has read so far. */
    private static final Object COUNT = NestedArrayReader.class;

    private final boolean integers;
    private final int maxNumbers;
    private final Factory<T> factory;

    interface Factory<T> {
        T create(String pointer, Segments values, int[][] lengths);
    }

    NestedArrayReader(boolean integers, int maxNumbers, Factory<T> factory) {
        this.integers = integers;
        this.maxNumbers = maxNumbers;
        this.factory = factory;
    }

    static NestedArrayReader<NumberArray> numbers(int maxNumbers) {
        return new NestedArrayReader<>(false, maxNumbers, NumberArray::new);
    }

    static NestedArrayReader<IndexArray> indices(int maxNumbers) {
        return new NestedArrayReader<>(true, maxNumbers, IndexArray::new);
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
        String pointer = p.streamReadContext().pathAsPointer().toString();
        int[] count = requestCount(ctxt);
        JsonToken first = p.currentToken();
        if (first != JsonToken.START_ARRAY) {
            if (first != JsonToken.VALUE_NUMBER_INT && first != JsonToken.VALUE_NUMBER_FLOAT) {
                throw ProblemException.wrongType(pointer, "must be " + (integers ? "an integer or an array of "
                        + "integers" : "an array of numbers") + ", not " + describe(first));
            }
            double value = leaf(p);
            countOne(count);
            Admission.countNumbers(1);
            return factory.create(pointer, Segments.of(new double[] {value}), new int[0][]);
        }
        return readArray(p, pointer, count);
    }

    private T readArray(JsonParser p, String pointer, int[] count) {
        Values values = new Values(maxNumbers);
        IntList[] lengths = new IntList[4];
        int[] open = new int[4];   // element count of each array still open, by depth
        int depth = 0;
        int rank = -1;             // the depth of the leaves, known at the first number
        ScanningJsonParser scanning = integers ? null : p instanceof ScanningJsonParser s ? s : null;
        while (depth >= 0) {
            if (scanning != null && (rank < 0 || depth + 1 == rank)) {
                // As many numbers as fit in the current block without growing it, reaching the limit
                // or passing a carrier share, straight from the bytes; the token loop below takes
                // whatever stopped the run, and all of its checks.
                int room = Math.min(Math.min(values.room(), maxNumbers - count[0]),
                        CarrierShare.EVERY - (values.size() & (CarrierShare.EVERY - 1)));
                int read = room > 0 ? scanning.readNumbers(values.block, values.used, room) : 0;
                if (read > 0) {
                    rank = depth + 1;
                    open[depth] += read;
                    count[0] += read;
                    values.used += read;
                    if ((values.size() & (CarrierShare.EVERY - 1)) == 0) {
                        CarrierShare.yieldNow();
                    }
                    continue;
                }
            }
            JsonToken token = p.nextToken();
            if (token == JsonToken.END_ARRAY) {
                if (open[depth] == 0) {
                    throw ProblemException.shape(pointerHere(p), "must not be empty");
                }
                if (lengths[depth] == null) {
                    lengths[depth] = new IntList();
                }
                lengths[depth].add(open[depth]);
                depth--;
                continue;
            }
            open[depth]++;
            if (token == JsonToken.START_ARRAY) {
                if (rank >= 0 && depth + 1 >= rank) {
                    throw ProblemException.shape(pointerHere(p), "must be a number, not an array: "
                            + "every element of " + pointer + " must have the same nesting depth");
                }
                depth++;
                if (depth == open.length) {
                    open = Arrays.copyOf(open, 2 * depth);
                    lengths = Arrays.copyOf(lengths, 2 * depth);
                }
                open[depth] = 0;
                continue;
            }
            if (rank < 0) {
                rank = depth + 1;
            } else if (depth + 1 != rank) {
                throw ProblemException.shape(pointerHere(p), "must be an array, not a number: "
                        + "every element of " + pointer + " must have the same nesting depth");
            }
            double value = leaf(p);
            countOne(count);
            values.add(value);
            if ((values.size() & (CarrierShare.EVERY - 1)) == 0) {
                CarrierShare.yieldNow();
            }
        }
        int[][] result = new int[rank][];   // rank >= 1: empty arrays were rejected
        for (int k = 0; k < result.length; k++) {
            result[k] = lengths[k].toArray();
        }
        // A long vector stays in its blocks (softmax computes there); other ranks go to one array now
        Segments all = rank == 1 ? values.toSegments() : Segments.of(values.toArray());
        Admission.countNumbers(all.length());
        return factory.create(pointer, all, result);
    }

    /**
     * The numbers read so far: one block that doubles from 16 up to {@link #BLOCK} numbers, then
     * further blocks of that size. Each block is charged to the request before it exists (503 when
     * there is no room). A vector (rank 1) keeps its blocks as the parts of a {@link Segments}: a
     * million numbers cost their 8 MB once. Other ranks are gathered into one array of the exact
     * length at the end, the blocks let go once copied: 8 MB of blocks and the 8 MB result at once.
     */
    private static final class Values {

        /**
         * Numbers a full block holds: a part of a {@link Segments}, half a carrier share, so that two
         * blocks make a share. A block (256 KB) stays under half of G1's smallest region (1 MB): a
         * larger one would be a humongous object and take a whole region, twice the heap it is
         * charged for.
         */
        static final int BLOCK = Segments.PART;

        private final int max;
        private List<double[]> full;   // the full blocks before the current one, null while there are none
        private int inFull;            // numbers in them
        double[] block = new double[16];
        int used;                      // numbers in the current block

        Values(int max) {
            this.max = max;
        }

        int size() {
            return inFull + used;
        }

        int room() {
            return block.length - used;
        }

        void add(double value) {
            if (used == block.length) {
                grow();
            }
            block[used++] = value;
        }

        /** Room for one more number, which countOne has already let within {@code max}. */
        private void grow() {
            if (block.length < BLOCK) {   // the first block, so inFull is 0
                int grown = Math.min(Math.min(2 * block.length, BLOCK), max);
                Admission.charge(Cost.doubleBytes(grown));
                block = Arrays.copyOf(block, grown);
                Admission.uncharge(Cost.doubleBytes(used)); // the old array is garbage now
                return;
            }
            if (full == null) {
                full = new ArrayList<>();
            }
            int next = Math.min(BLOCK, max - inFull - used);
            Admission.charge(Cost.doubleBytes(next));
            full.add(block);
            inFull += used;
            block = new double[next];
            used = 0;
        }

        /** The numbers as they are: the blocks, or the one array of their exact length when there is one block. */
        Segments toSegments() {
            return full == null ? Segments.of(toArray()) : new Segments(arrays(), size());
        }

        /** The numbers in one array of their exact length, once at the end; the blocks are let go. */
        double[] toArray() {
            if (full == null && used == block.length) {
                return block;
            }
            return NestedArray.gathered(arrays(), size());
        }

        /** The full blocks and the current one. */
        private double[][] arrays() {
            if (full == null) {
                return new double[][] {block};
            }
            double[][] arrays = full.toArray(new double[full.size() + 1][]);
            arrays[full.size()] = block;
            return arrays;
        }
    }

    /** The current token as a number: finite; an integer that fits in a long when reading indices. */
    private double leaf(JsonParser p) {
        JsonToken token = p.currentToken();
        if (integers) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw ProblemException.wrongType(pointerHere(p), "must be an integer (a class index), not "
                        + describe(token));
            }
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Double.MAX_VALUE : p.getLongValue();
        }
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw ProblemException.wrongType(pointerHere(p), "must be a number, not " + describe(token));
        }
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw ProblemException.invalid(pointerHere(p), "must be a finite number");
        }
        return value;
    }

    private void countOne(int[] count) {
        if (++count[0] > maxNumbers) {
            throw ProblemException.tooLarge("the request has more than " + maxNumbers
                    + " numbers (nnmath.limits.max-numbers); send fewer rows per request");
        }
    }

    private static int[] requestCount(DeserializationContext ctxt) {
        int[] count = (int[]) ctxt.getAttribute(COUNT);
        if (count == null) {
            count = new int[1];
            ctxt.setAttribute(COUNT, count);
        }
        return count;
    }

    /**
     * The pointer of the current token. After an END_ARRAY the context is the parent's, whose index
     * still names the array that just closed.
     */
    private static String pointerHere(JsonParser p) {
        return p.streamReadContext().pathAsPointer().toString();
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_NUMBER_INT -> "a number";
            default -> token.name();
        };
    }

    /** A growable int array (no boxing). */
    private static final class IntList {
        private int[] items = new int[8];
        private int size;

        void add(int value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, 2 * size);
            }
            items[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
