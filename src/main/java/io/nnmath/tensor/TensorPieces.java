package io.nnmath.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

import io.nnmath.compute.Segments;
import io.nnmath.problem.ProblemException;
import io.nnmath.system.Admission;

/**
 * The text of a large tensor inside its outermost brackets, printed in pieces of {@link #PIECE}
 * numbers by two threads at once: the request's own and one helper. Printing is most of the time
 * an answer of a million numbers takes (about 45 ns a number against 1 ms for the softmax itself),
 * and a core that is idle meanwhile can print every other piece. The pieces are written to the
 * stream in order by the request's thread alone.
 *
 * <p>Both threads claim the next piece from one counter, print it into one of {@link #SLOTS} buffers
 * once the piece before it in that buffer is written, and claim again: when no core is idle (the
 * helper is not scheduled) the request's thread prints them all itself, as it would without a
 * helper, and a helper that comes late finds little or nothing left. Between its pieces the
 * request's thread writes whatever is printed, in order, and at the end waits for the rest.
 *
 * <p>The text is what Jackson writes for nested arrays without a pretty printer: between two numbers
 * a comma, and around it one closing and one opening bracket for every array that ends there.
 */
final class TensorPieces {

    /** Numbers a piece: about 200 KB of text, 0.4 ms of printing; a divisor of {@link Segments#PART}. */
    static final int PIECE = 8192;

    /** Tensors from this size on are printed in pieces: a thread costs less than 1 % of their printing. */
    static final int MIN_NUMBERS = 8 * PIECE;

    private static final int SLOTS = 4;

    private final Segments values;
    private final int rank;
    private final int last;           // the length of the innermost arrays
    private final int[] sizes;        // numbers in one array at depth d (1 <= d < rank)
    private final int pieces;
    private final int slotBytes;
    private final byte[][] slots = new byte[SLOTS][];
    private final AtomicInteger claimed = new AtomicInteger();

    // Guarded by this: which piece each slot holds, and its length; how many pieces are written.
    private final int[] ready = {-1, -1, -1, -1};
    private final int[] lengths = new int[SLOTS];
    private volatile int written;   // written by the request's thread alone
    private boolean abandoned;
    private Throwable failed;

    private TensorPieces(Segments values, int[] shape) {
        this.values = values;
        this.rank = shape.length;
        this.last = shape[rank - 1];
        this.sizes = new int[rank];
        int size = 1;
        for (int d = rank - 1; d >= 1; d--) {
            size *= shape[d];
            sizes[d] = size;
        }
        this.pieces = (values.length() + PIECE - 1) / PIECE;
        // a number, and before it a comma and up to rank - 1 brackets on either side; the last
        // piece's closing brackets
        this.slotBytes = PIECE * (DoublePrinter.MAX_BYTES + 2 * rank - 1) + rank;
    }

    /**
     * The pieces of a tensor's text, their buffers charged to the request; null when the memory
     * budget has no room for them now (the caller then prints on its own, as for a small tensor).
     */
    static TensorPieces of(Segments values, int[] shape) {
        TensorPieces pieces = new TensorPieces(values, shape);
        try {
            Admission.charge(pieces.held());
        } catch (ProblemException noRoom) {
            return null;
        }
        return pieces;
    }

    private long held() {
        return (long) SLOTS * slotBytes;
    }

    /** Writes the text to {@code out}, a helper printing alongside; returns once it is all written. */
    void writeTo(OutputStream out) throws IOException {
        try {
            for (int s = 0; s < SLOTS; s++) {
                slots[s] = new byte[slotBytes];
            }
            Thread.ofVirtual().name("nnmath-print").start(this::help);
            int printed = 0;
            for (int k = claimed.getAndIncrement(); k < pieces; k = claimed.getAndIncrement()) {
                writeUpTo(out, k - SLOTS + 1, true);   // the piece that had this slot before
                int slot = k % SLOTS;
                int length = print(k, slots[slot]);
                synchronized (this) {
                    ready[slot] = k;
                    lengths[slot] = length;
                }
                writeUpTo(out, pieces, false);         // whatever is printed, in order
                if (++printed % (CarrierShare.EVERY / PIECE) == 0) {
                    CarrierShare.yieldNow();
                }
            }
            writeUpTo(out, pieces, true);
        } finally {
            synchronized (this) {
                abandoned = written < pieces;   // the stream failed: the helper stops at its next piece
                notifyAll();
            }
            Admission.uncharge(held());
        }
    }

    /**
     * Writes the pieces in order until {@code until} of them are written: waiting for any the
     * helper is printing, or only while the next one is printed already.
     */
    private void writeUpTo(OutputStream out, int until, boolean wait) throws IOException {
        while (written < until) {
            int w = written;
            int slot = w % SLOTS;
            int length;
            synchronized (this) {
                while (ready[slot] != w) {
                    if (!wait) {
                        return;
                    }
                    awaitHelper();
                }
                length = lengths[slot];
            }
            out.write(slots[slot], 0, length);
            synchronized (this) {
                written = w + 1;
                notifyAll();
            }
        }
    }

    /** The helper: claims the next piece, waits for its slot, prints it; until none is left. */
    private void help() {
        try {
            for (int k = claimed.getAndIncrement(); k < pieces; k = claimed.getAndIncrement()) {
                int slot = k % SLOTS;
                synchronized (this) {
                    while (written < k - SLOTS + 1 && !abandoned) {
                        wait();
                    }
                    if (abandoned) {
                        return;
                    }
                }
                int length = print(k, slots[slot]);
                synchronized (this) {
                    ready[slot] = k;
                    lengths[slot] = length;
                    notifyAll();
                }
                CarrierShare.yieldNow();
            }
        } catch (Throwable t) {
            synchronized (this) {
                failed = t;
                notifyAll();
            }
        }
    }

    /** Waits, holding this, for the helper's next step. */
    private void awaitHelper() throws IOException {
        if (failed != null) {
            throw new IllegalStateException("printing a piece of the answer failed", failed);
        }
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the answer was printed", e);
        }
    }

    /** Prints piece {@code k} into {@code buffer} from its start; returns the length. */
    int print(int k, byte[] buffer) {
        int from = k * PIECE;
        int to = Math.min(values.length(), from + PIECE);
        int part = from / Segments.PART;
        double[] numbers = values.parts()[values.parts().length == 1 ? 0 : part];
        int base = values.parts().length == 1 ? 0 : part * Segments.PART;
        int pos = 0;
        int column = from % last;   // the position of number i in its innermost array
        for (int i = from; i < to; i++) {
            if (i == 0) {
                pos = brackets(buffer, pos, '[', rank - 1);
            } else if (column != 0) {
                buffer[pos++] = ',';
            } else {
                int closed = 1;   // the innermost array ends here; and every outer one whose size divides i
                while (closed < rank - 1 && i % sizes[rank - 1 - closed] == 0) {
                    closed++;
                }
                pos = brackets(buffer, pos, ']', closed);
                buffer[pos++] = ',';
                pos = brackets(buffer, pos, '[', closed);
            }
            pos = DoublePrinter.print(numbers[i - base], buffer, pos);
            if (++column == last) {
                column = 0;
            }
        }
        if (to == values.length()) {
            pos = brackets(buffer, pos, ']', rank - 1);
        }
        return pos;
    }

    private static int brackets(byte[] buffer, int pos, char bracket, int count) {
        for (int c = 0; c < count; c++) {
            buffer[pos++] = (byte) bracket;
        }
        return pos;
    }
}
