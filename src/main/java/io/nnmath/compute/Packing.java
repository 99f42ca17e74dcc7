package io.nnmath.compute;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Sequences of different lengths laid out time-major, longest first (PyTorch's PackedSequence):
 * step t holds the sequences still running at t, which are always a prefix of the sorted order,
 * so each step is one contiguous block of rows. Row of sorted sequence s at step t:
 * {@code start[t] + s}.
 */
final class Packing {

    final int[] order;    // sorted position s -> sequence index b (stable: ties keep request order)
    final int[] lengths;  // length of sorted sequence s
    final int[] active;   // sequences running at step t
    final int[] start;    // first packed row of step t
    final int[] requestOffset; // first row of sequence b in request order
    final int rows;

    Packing(int[] lengthsInRequestOrder) {
        int b = lengthsInRequestOrder.length;
        order = IntStream.range(0, b).boxed()
                .sorted(Comparator.comparingInt(i -> -lengthsInRequestOrder[i])).mapToInt(Integer::intValue).toArray();
        lengths = Arrays.stream(order).map(i -> lengthsInRequestOrder[i]).toArray();
        int steps = b == 0 ? 0 : lengths[0];
        active = new int[steps];
        start = new int[steps + 1];
        for (int t = 0; t < steps; t++) {
            int a = 0;
            while (a < b && lengths[a] > t) {
                a++;
            }
            active[t] = a;
            start[t + 1] = start[t] + a;
        }
        rows = start[steps];
        requestOffset = new int[b];
        for (int i = 1; i < b; i++) {
            requestOffset[i] = requestOffset[i - 1] + lengthsInRequestOrder[i - 1];
        }
    }

    int steps() {
        return active.length;
    }

    int batch() {
        return order.length;
    }

    /** The packed row of sorted sequence s at step t. */
    int row(int s, int t) {
        return start[t] + s;
    }

    /** Rows of {@code width} numbers in request order (sequence after sequence) to packed order. */
    double[] pack(double[] requestOrder, int width) {
        double[] packed = new double[rows * width];
        move(requestOrder, packed, width, true);
        return packed;
    }

    /** Packed rows back to request order. */
    double[] unpack(double[] packed, int width) {
        double[] requestOrder = new double[rows * width];
        move(packed, requestOrder, width, false);
        return requestOrder;
    }

    private void move(double[] from, double[] to, int width, boolean packing) {
        for (int s = 0; s < batch(); s++) {
            for (int t = 0; t < lengths[s]; t++) {
                int packedRow = row(s, t);
                int requestRow = requestOffset[order[s]] + t;
                int src = (packing ? requestRow : packedRow) * width;
                int dst = (packing ? packedRow : requestRow) * width;
                System.arraycopy(from, src, to, dst, width);
            }
        }
    }

    /** Per-sequence state blocks [B][width] in request order to sorted order, or back. */
    double[] sortStates(double[] states, int width, boolean toSorted) {
        double[] out = new double[states.length];
        for (int s = 0; s < batch(); s++) {
            int b = order[s];
            System.arraycopy(states, (toSorted ? b : s) * width, out, (toSorted ? s : b) * width, width);
        }
        return out;
    }
}
