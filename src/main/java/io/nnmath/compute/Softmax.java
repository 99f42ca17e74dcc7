package io.nnmath.compute;

/**
 * Softmax, log-softmax and argmax over the rows of a matrix (the last axis), with temperature T.
 * Every row is shifted by its max, so that no exp overflows, before the exps are summed and
 * normalised. How the passes are laid out depends on the row length:
 * <ul>
 * <li>a long row is read one block at a time: the max of a block, then its exps (the block is in
 * the L1 cache by then) and their sum, kept per block; the row's max and sum follow from the
 * blocks', and a last pass rescales every block by its own factor. The row is read from memory once for the max and the exps, not twice;</li>
 * <li>a row of a few classes is too short for a vector pass of its own: a block of such rows is
 * shifted row by row, then goes through one vector exp pass together.</li>
 * </ul>
 * Against the textbook three steps (max, exps and their sum, division):
 * <ul>
 * <li>a row of 17 to {@value #BLOCK} entries comes out bit for bit the same;</li>
 * <li>a longer row's exps are exp((z - m_b) / T) * exp((m_b - max) / T), m_b its block's max, so the
 * exponent is rounded in two parts: a relative difference of about |z - max| / T * 2^-53, below
 * 1e-13 for every probability above 1e-300;</li>
 * <li>short rows are summed in another order, and the vector exp a row gets (ours, or the JDK's
 * when a neighbouring row in the same vector is below -708) depends on the rows batched with it:
 * a few ulp.</li>
 * </ul>
 */
public final class Softmax {

    /** Entries of a block: 16 KB, half of a 32 KB L1 data cache, so that its second read is a hit. */
    static final int BLOCK = 2048;

    /** Rows with at most this many classes take the short-row path (measured: SoftmaxBenchmark). */
    static final int SHORT_ROW = 16;

    private final Kernels kernels;

    public Softmax(Kernels kernels) {
        this.kernels = kernels;
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * The cost of a softmax or log-softmax of rows x cols written in place, with its argmax: a block
     * of exps, the per-block maxima and sums, one index per row.
     */
    public static Cost inPlaceCost(int rows, int cols) {
        long elements = (long) rows * cols;
        return new Cost(Cost.doubleBytes(Math.min(elements, BLOCK) + 2L * (cols / BLOCK + 1)) + 4L * rows, elements);
    }

    /** The cost of a softmax into a new array. */
    public static Cost cost(int rows, int cols) {
        return inPlaceCost(rows, cols).plus(Cost.ofDoubles((long) rows * cols));
    }

    /** p[r][i] = exp((z[r][i] - max_r) / T) / sum_j exp((z[r][j] - max_r) / T); T a normal double > 0. */
    public Matrix softmax(Matrix logits, double temperature) {
        return softmax(logits, temperature, new double[logits.data().length]);
    }

    /**
     * The softmax written into {@code out}, which may be {@code logits.data()} itself (in place: the
     * service's request owns its array, so that it needs no second one).
     */
    public Matrix softmax(Matrix logits, double temperature, double[] out) {
        double scale = inverse(temperature);
        requireSameLength(logits, out);
        double[] z = logits.data();
        int n = logits.cols();
        if (n <= SHORT_ROW) {
            int rowsPerBlock = shortRowsPerBlock(n);
            for (int r = 0; r < logits.rows(); r += rowsPerBlock) {
                int from = logits.offset(r);
                int to = logits.offset(Math.min(logits.rows(), r + rowsPerBlock));
                shiftedExps(z, out, from, to, n, scale, out, from);
                for (int off = from; off < to; off += n) {
                    double factor = 1 / sumOf(out, off, n);
                    for (int c = off; c < off + n; c++) {
                        out[c] *= factor;
                    }
                }
            }
            return logits.withData(out);
        }
        double[] blockMax = new double[blocks(n)];
        double[] blockSum = new double[blockMax.length];
        LongRow zRow = LongRow.of(z);
        LongRow outRow = LongRow.of(out);
        for (int r = 0; r < logits.rows(); r++) {
            longRowSoftmax(zRow.at(logits.offset(r)), outRow.at(logits.offset(r)), n, scale, blockMax, blockSum);
        }
        return logits.withData(out);
    }

    /**
     * The softmax of a vector held in parts, written over its own numbers: a long vector that a
     * reader gathered in parts needs no second array (see {@link Segments}). One part is a row of
     * a matrix, as above.
     */
    public void softmaxInPlace(Segments z, double temperature) {
        if (z.parts().length == 1) {
            double[] row = z.parts()[0];
            softmax(new Matrix(1, row.length, row), temperature, row);
            return;
        }
        double[] blockMax = new double[blocks(z.length())];
        LongRow row = LongRow.of(z);
        longRowSoftmax(row, row, z.length(), inverse(temperature), blockMax, new double[blockMax.length]);
    }

    /**
     * A long row of n entries: first, a block at a time, each block read from memory once, its max,
     * and the exps relative to that max into out with their sum; then each block rescaled to the
     * row's max and divided by the row's sum.
     */
    private void longRowSoftmax(LongRow z, LongRow out, int n, double scale, double[] blockMax, double[] blockSum) {
        for (int b = 0; b < blockMax.length; b++) {
            int len = Math.min(BLOCK, n - b * BLOCK);
            blockMax[b] = kernels.max(z.array(b), z.from(b), len);
            blockSum[b] = kernels.expSum(z.array(b), z.from(b), out.array(b), out.from(b), len, blockMax[b], scale);
        }
        double max = maxOf(blockMax);
        double sum = rowSum(blockMax, blockSum, max, scale);
        for (int b = 0; b < blockMax.length; b++) {
            double factor = Math.exp((blockMax[b] - max) * scale) / sum;
            // As shiftScale, (p - 0) * factor - 0 = p * factor exactly: on JDK 25 this call runs a
            // 1M-element row in 1.7 ms where scaleInPlace took 3.8 ms (JMH, 3 forks).
            kernels.shiftScale(out.array(b), out.from(b), out.array(b), out.from(b), Math.min(BLOCK, n - b * BLOCK), 0,
                    factor, 0);
        }
    }

    /**
     * l[r][i] = (z[r][i] - max_r) / T - log sum_j exp((z[r][j] - max_r) / T).
     *
     * @throws NonFiniteResultException when an entry is below the smallest double (the probability
     *         is so small that its logarithm is not representable)
     */
    public Matrix logSoftmax(Matrix logits, double temperature) {
        return logSoftmax(logits, temperature, new double[logits.data().length]);
    }

    /** The log-softmax written into {@code out}, which may be {@code logits.data()} itself. */
    public Matrix logSoftmax(Matrix logits, double temperature, double[] out) {
        double scale = inverse(temperature);
        requireSameLength(logits, out);
        double[] z = logits.data();
        int n = logits.cols();
        // The exps are only summed: they go to a block-sized scratch array that stays in the cache.
        double[] exps = new double[Math.min(z.length, BLOCK)];
        if (n <= SHORT_ROW) {
            int rowsPerBlock = shortRowsPerBlock(n);
            for (int r = 0; r < logits.rows(); r += rowsPerBlock) {
                int from = logits.offset(r);
                int to = logits.offset(Math.min(logits.rows(), r + rowsPerBlock));
                shiftedExps(z, out, from, to, n, scale, exps, 0);
                for (int off = from; off < to; off += n) {
                    double logSum = Math.log(sumOf(exps, off - from, n));
                    for (int c = off; c < off + n; c++) {
                        out[c] = out[c] * scale - logSum;
                    }
                }
            }
        } else {
            double[] blockMax = new double[blocks(n)];
            double[] blockSum = new double[blockMax.length];
            LongRow zRow = LongRow.of(z);
            LongRow outRow = LongRow.of(out);
            for (int r = 0; r < logits.rows(); r++) {
                longRowLogSoftmax(zRow.at(logits.offset(r)), outRow.at(logits.offset(r)), n, scale, exps, blockMax,
                        blockSum);
            }
        }
        Matrix l = logits.withData(out);
        requireFinite(l, "log-probability");
        return l;
    }

    /** The log-softmax of a vector held in parts, written over its own numbers (as {@link #softmaxInPlace}). */
    public void logSoftmaxInPlace(Segments z, double temperature) {
        if (z.parts().length == 1) {
            double[] row = z.parts()[0];
            logSoftmax(new Matrix(1, row.length, row), temperature, row);
            return;
        }
        double[] blockMax = new double[blocks(z.length())];
        LongRow row = LongRow.of(z);
        longRowLogSoftmax(row, row, z.length(), inverse(temperature), new double[BLOCK], blockMax,
                new double[blockMax.length]);
        for (int p = 0; p < z.parts().length; p++) {
            requireFinite(z.parts()[p], z.lengthOf(p), p * Segments.PART, "log-probability");
        }
    }

    /**
     * A long row of n entries: a block at a time, its max and the sum of its exps relative to it (the
     * exps go to the block-sized scratch array {@code exps}, which stays in the cache); then every
     * entry shifted by the row's max and its log-sum-exp.
     */
    private void longRowLogSoftmax(LongRow z, LongRow out, int n, double scale, double[] exps, double[] blockMax,
                                   double[] blockSum) {
        for (int b = 0; b < blockMax.length; b++) {
            int len = Math.min(BLOCK, n - b * BLOCK);
            blockMax[b] = kernels.max(z.array(b), z.from(b), len);
            blockSum[b] = kernels.expSum(z.array(b), z.from(b), exps, 0, len, blockMax[b], scale);
        }
        double max = maxOf(blockMax);
        double logSum = Math.log(rowSum(blockMax, blockSum, max, scale));
        for (int b = 0; b < blockMax.length; b++) {
            kernels.shiftScale(z.array(b), z.from(b), out.array(b), out.from(b), Math.min(BLOCK, n - b * BLOCK), max,
                    scale, logSum);
        }
    }

    /**
     * Where block b of a long row is: which array, from which index. A matrix's rows are one array,
     * each from its offset ({@link #at}, set row by row: one object for all rows, since the
     * interpreter and C1 would allocate one a row); a vector in parts has
     * {@code Segments.PART / BLOCK} blocks a part.
     */
    private static final class LongRow {

        private final double[][] arrays;
        private final int blocksPerArray;
        private int base;

        private LongRow(double[][] arrays, int blocksPerArray) {
            this.arrays = arrays;
            this.blocksPerArray = blocksPerArray;
        }

        static LongRow of(double[] data) {
            return new LongRow(new double[][] {data}, Integer.MAX_VALUE);
        }

        static LongRow of(Segments vector) {
            return new LongRow(vector.parts(), Segments.PART / BLOCK);
        }

        /** The row from {@code offset} of the one array. */
        LongRow at(int offset) {
            base = offset;
            return this;
        }

        double[] array(int b) {
            return arrays[b / blocksPerArray];
        }

        int from(int b) {
            return base + b % blocksPerArray * BLOCK;
        }
    }

    /** Index of the largest entry of every row; ties go to the lowest index (as torch.argmax). */
    public static int[] argmax(Matrix m) {
        int[] result = new int[m.rows()];
        double[] a = m.data();
        for (int r = 0; r < m.rows(); r++) {
            int off = m.offset(r);
            int best = 0;
            for (int c = 1; c < m.cols(); c++) {
                if (a[off + c] > a[off + best]) {
                    best = c;
                }
            }
            result[r] = best;
        }
        return result;
    }

    /** Index of the largest entry of a vector held in parts; ties go to the lowest index. */
    public static int argmax(Segments v) {
        if (v.parts().length == 1) {
            return argmax(new Matrix(1, v.length(), v.parts()[0]))[0];
        }
        int best = 0;
        double top = v.parts()[0][0];
        for (int p = 0; p < v.parts().length; p++) {
            double[] part = v.parts()[p];
            for (int i = 0; i < v.lengthOf(p); i++) {
                if (part[i] > top) {
                    top = part[i];
                    best = p * Segments.PART + i;
                }
            }
        }
        return best;
    }

    /** Throws for the first non-finite entry of {@code m}, naming what it is. */
    void requireFinite(Matrix m, String quantity) {
        requireFinite(m.data(), m.data().length, 0, quantity);
    }

    /** The same for {@code a[0..length)}, the numbers from index {@code first} of what it is part of. */
    private void requireFinite(double[] a, int length, int first, String quantity) {
        if (kernels.allFinite(a, 0, length)) {
            return;
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new NonFiniteResultException(quantity, first + i);
            }
        }
    }

    /** The row's sum of exps relative to its max, from its blocks': exactly blockSum[0] for one block. */
    private static double rowSum(double[] blockMax, double[] blockSum, double max, double scale) {
        double sum = 0;
        for (int b = 0; b < blockMax.length; b++) {
            sum += blockSum[b] * Math.exp((blockMax[b] - max) * scale);
        }
        return sum;
    }

    private static double maxOf(double[] a) {
        double max = a[0];
        for (int i = 1; i < a.length; i++) {
            max = Math.max(max, a[i]);
        }
        return max;
    }

    /** Rows of n (at most SHORT_ROW) entries that make a block. */
    private static int shortRowsPerBlock(int n) {
        return Math.max(1, BLOCK / Math.max(n, 1));
    }

    /**
     * For the short rows of n entries in [from, to): out = z - (max of its row), then the exps of
     * out (times scale) into {@code dst} from {@code dstOff}; out may be z, and dst may be out.
     */
    private void shiftedExps(double[] z, double[] out, int from, int to, int n, double scale, double[] dst, int dstOff) {
        shiftByRowMax(z, out, from, to, n);
        kernels.expSum(out, from, dst, dstOff, to - from, 0, scale);
    }

    /** d = z - (max of its row) for the rows of n entries in [from, to); d may be z. */
    private static void shiftByRowMax(double[] z, double[] d, int from, int to, int n) {
        for (int off = from; off < to; off += n) {
            // The max through order-preserving long keys: Math.max on doubles is a chain of several
            // instructions (NaN and -0.0 rules), on longs one; 2.5 times faster over rows of 10.
            long max = orderKey(z[off]);
            for (int c = off + 1; c < off + n; c++) {
                max = Math.max(max, orderKey(z[c]));
            }
            double shift = Double.longBitsToDouble(orderKey(max));
            for (int c = off; c < off + n; c++) {
                d[c] = z[c] - shift;
            }
        }
    }

    /**
     * The bits of x as a long that orders as {@link Double#compare} orders the doubles: negative
     * doubles have their magnitude bits flipped. The mapping is its own inverse.
     */
    private static long orderKey(double x) {
        return orderKey(Double.doubleToRawLongBits(x));
    }

    private static long orderKey(long bits) {
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static double sumOf(double[] a, int off, int n) {
        // Two partial sums halve the chain of dependent additions.
        double even = 0;
        double odd = 0;
        int c = off;
        for (; c + 1 < off + n; c += 2) {
            even += a[c];
            odd += a[c + 1];
        }
        if (c < off + n) {
            even += a[c];
        }
        return even + odd;
    }

    private static int blocks(int n) {
        return Math.max(1, (n + BLOCK - 1) / BLOCK);
    }

    private static void requireSameLength(Matrix logits, double[] out) {
        if (out.length != logits.data().length) {
            throw new IllegalArgumentException("out has " + out.length + " entries, the logits "
                    + logits.data().length);
        }
    }

    /** 1 / T, which is finite for every normal T > 0 (the callers check that). */
    private static double inverse(double temperature) {
        if (!(temperature >= Double.MIN_NORMAL) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite normal double > 0: " + temperature);
        }
        return 1 / temperature;
    }
}
