package io.nnmath.compute;

import java.util.Arrays;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Properties of softmax and log-softmax that hold for any logits, on both kernels. */
class SoftmaxTests {

    static final double SUM_TOLERANCE = 1e-12;
    static final double RELATIVE = 1e-12;

    final Softmax vector = new Softmax(new VectorKernels());
    final Softmax scalar = new Softmax(new ScalarKernels());

    @Provide
    Arbitrary<Matrix> logits() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 40))
                .flatAs((rows, cols) -> Arbitraries.doubles().between(-500, 500).array(double[].class)
                        .ofSize(rows * cols).map(data -> new Matrix(rows, cols, data)));
    }

    @Property
    void rowsSumToOneAndEntriesAreProbabilities(@ForAll("logits") Matrix z,
                                                @ForAll @DoubleRange(min = 0.01, max = 100) double t) {
        for (Softmax softmax : new Softmax[] {vector, scalar}) {
            Matrix p = softmax.softmax(z, t);
            for (int r = 0; r < p.rows(); r++) {
                double[] row = Arrays.copyOfRange(p.data(), p.offset(r), p.offset(r) + p.cols());
                assertThat(Arrays.stream(row).sum()).isCloseTo(1, within(SUM_TOLERANCE));
                assertThat(Arrays.stream(row).allMatch(x -> x >= 0 && x <= 1)).as(Arrays.toString(row)).isTrue();
            }
        }
    }

    @Property
    void shiftingEveryLogitOfARowChangesNothing(@ForAll("logits") Matrix z,
                                                @ForAll @DoubleRange(min = -1000, max = 1000) double shift) {
        double[] shifted = Arrays.stream(z.data()).map(x -> x + shift).toArray();
        Matrix p = vector.softmax(z, 1);
        Matrix q = vector.softmax(z.withData(shifted), 1);
        for (int i = 0; i < p.data().length; i++) {
            // exact shift invariance is lost only to rounding of z + shift, about 1e-13 * |shift| in the exponent
            assertThat(q.data()[i]).isCloseTo(p.data()[i], within(1e-10 * (1 + Math.abs(shift)) * p.data()[i] + 1e-300));
        }
    }

    @Property
    void higherTemperatureLowersTheTopProbability(@ForAll("logits") Matrix z,
                                                  @ForAll @DoubleRange(min = 0.05, max = 20) double t,
                                                  @ForAll @DoubleRange(min = 1.01, max = 10) double factor) {
        Matrix sharp = scalar.softmax(z, t);
        Matrix flat = scalar.softmax(z, t * factor);
        int[] top = Softmax.argmax(z);
        for (int r = 0; r < z.rows(); r++) {
            double pSharp = sharp.get(r, top[r]);
            double pFlat = flat.get(r, top[r]);
            assertThat(pFlat).isLessThanOrEqualTo(pSharp + 1e-15);
            assertThat(pFlat).isGreaterThanOrEqualTo(1.0 / z.cols() - 1e-15);
        }
    }

    @Property
    void logSoftmaxIsTheLogOfSoftmaxWhereFinite(@ForAll("logits") Matrix z,
                                                @ForAll @DoubleRange(min = 0.1, max = 10) double t) {
        Matrix p = vector.softmax(z, t);
        Matrix l = vector.logSoftmax(z, t);
        for (int i = 0; i < p.data().length; i++) {
            if (p.data()[i] > 1e-300) {
                assertThat(l.data()[i]).isCloseTo(Math.log(p.data()[i]), within(1e-12 * (1 + Math.abs(l.data()[i]))));
            }
        }
    }

    @Property
    void vectorAndScalarKernelsAgree(@ForAll("logits") Matrix z, @ForAll @DoubleRange(min = 0.1, max = 10) double t) {
        double[] pv = vector.softmax(z, t).data();
        double[] ps = scalar.softmax(z, t).data();
        double[] lv = vector.logSoftmax(z, t).data();
        double[] ls = scalar.logSoftmax(z, t).data();
        for (int i = 0; i < pv.length; i++) {
            assertThat(pv[i]).isCloseTo(ps[i], within(RELATIVE * ps[i] + 1e-300));
            assertThat(lv[i]).isCloseTo(ls[i], within(RELATIVE * (1 + Math.abs(ls[i]))));
        }
    }

    @Property
    void argmaxTakesTheLowestIndexOfTies(@ForAll @IntRange(min = 1, max = 30) int n,
                                         @ForAll @IntRange(min = 0, max = 29) int first) {
        int at = first % n;
        double[] row = new double[n];
        for (int i = at; i < n; i++) {
            row[i] = 7; // the max, repeated from `at` on
        }
        assertThat(Softmax.argmax(new Matrix(1, n, row))).containsExactly(at);
    }

    @Property
    void softmaxNeverOverflowsNorWritesItsInput(@ForAll("logits") Matrix z) {
        double[] big = Arrays.stream(z.data()).map(x -> x * 1e305).toArray();
        double[] copy = big.clone();
        Matrix p = vector.softmax(z.withData(big), 1);
        assertThat(Arrays.stream(p.data()).allMatch(Double::isFinite)).isTrue();
        assertThat(big).containsExactly(copy);
    }

    @Property(tries = 20)
    void logSoftmaxBelowTheSmallestDoubleIsReported(@ForAll @IntRange(min = 2, max = 20) int n) {
        double[] row = new double[n];
        row[0] = 1e308;
        row[n - 1] = -1e308;
        assertThatThrownBy(() -> vector.logSoftmax(new Matrix(1, n, row), 1))
                .isInstanceOfSatisfying(NonFiniteResultException.class, e -> assertThat(e.index()).isEqualTo(n - 1));
    }

    /** Rows of two to four blocks whose blocks sit at different heights, so the running max moves both ways. */
    @Provide
    Arbitrary<Matrix> longRows() {
        Arbitrary<Integer> cols = Arbitraries.integers().between(Softmax.BLOCK + 1, 4 * Softmax.BLOCK);
        Arbitrary<double[]> heights = Arbitraries.doubles().between(-700, 700).array(double[].class).ofSize(4);
        return Combinators.combine(Arbitraries.integers().between(1, 2), cols, heights, Arbitraries.longs())
                .as((rows, n, height, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    double[] data = new double[rows * n];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = height[(i % n) / Softmax.BLOCK] + random.nextDouble(-30, 30);
                    }
                    return new Matrix(rows, n, data);
                });
    }

    @Property(tries = 30)
    void longRowsAgreeWithTheTextbookFormula(@ForAll("longRows") Matrix z,
                                             @ForAll @DoubleRange(min = 0.5, max = 4) double t) {
        for (Softmax softmax : new Softmax[] {vector, scalar}) {
            double[] p = softmax.softmax(z, t).data();
            double[] l = softmax.logSoftmax(z, t).data();
            for (int r = 0; r < z.rows(); r++) {
                int off = z.offset(r);
                double max = Arrays.stream(z.data(), off, off + z.cols()).max().orElseThrow();
                double sum = 0;
                for (int c = 0; c < z.cols(); c++) {
                    sum += Math.exp((z.data()[off + c] - max) / t);
                }
                for (int c = 0; c < z.cols(); c++) {
                    double expected = Math.exp((z.data()[off + c] - max) / t) / sum;
                    assertThat(p[off + c]).as("p[%d][%d]", r, c).isCloseTo(expected, within(RELATIVE * expected + 1e-300));
                    double logExpected = (z.data()[off + c] - max) / t - Math.log(sum);
                    assertThat(l[off + c]).isCloseTo(logExpected, within(RELATIVE * (1 + Math.abs(logExpected))));
                }
            }
        }
    }

    @Property(tries = 50)
    void inPlaceGivesTheSameBits(@ForAll("someShapes") Matrix z, @ForAll @DoubleRange(min = 0.5, max = 4) double t) {
        // The scalar kernels give the same bits. The vector kernels give the same bits from the same
        // compiled code, but the Vector API's reduceLanes may add the lanes in another order in its
        // Java fallback than in C2's code, and a compilation can land between the two calls (a CI
        // run failed so, by one ulp in every entry): for them, one ulp.
        for (Softmax softmax : new Softmax[] {vector, scalar}) {
            java.util.Comparator<Double> same = softmax == scalar ? Double::compare
                    : (a, b) -> Math.abs(a - b) <= Math.ulp(b) ? 0 : Double.compare(a, b);
            double[] p = z.data().clone();
            softmax.softmax(z.withData(p), t, p);
            assertThat(p).usingElementComparator(same).containsExactly(softmax.softmax(z, t).data());
            double[] l = z.data().clone();
            softmax.logSoftmax(z.withData(l), t, l);
            assertThat(l).usingElementComparator(same).containsExactly(softmax.logSoftmax(z, t).data());
        }
    }

    /** Short rows (the batched path), rows of one block and rows of several blocks. */
    @Provide
    Arbitrary<Matrix> someShapes() {
        return Arbitraries.oneOf(logits(), longRows());
    }

    /** A vector of two to three and a bit parts, whose parts sit at different heights. */
    @Provide
    Arbitrary<double[]> longVectors() {
        Arbitrary<Integer> n = Arbitraries.integers().between(Segments.PART + 1, 3 * Segments.PART + 3 * Softmax.BLOCK + 7);
        Arbitrary<double[]> heights = Arbitraries.doubles().between(-700, 700).array(double[].class).ofSize(4);
        return Combinators.combine(n, heights, Arbitraries.longs()).as((length, height, seed) -> {
            SplittableRandom random = new SplittableRandom(seed);
            double[] data = new double[length];
            for (int i = 0; i < length; i++) {
                data[i] = height[i / Segments.PART] + random.nextDouble(-30, 30);
            }
            return data;
        });
    }

    /** {@code flat} in parts as a reader gathers them: the last part's array {@code spare} numbers longer. */
    static Segments inParts(double[] flat, int spare) {
        double[][] parts = new double[(flat.length + Segments.PART - 1) / Segments.PART][];
        for (int k = 0; k < parts.length; k++) {
            int from = k * Segments.PART;
            int length = Math.min(Segments.PART, flat.length - from);
            parts[k] = new double[k < parts.length - 1 ? length : Math.min(Segments.PART, length + spare)];
            System.arraycopy(flat, from, parts[k], 0, length);
        }
        return new Segments(parts, flat.length);
    }

    @Property(tries = 12)
    void aVectorInPartsGivesTheBitsOfOneArray(@ForAll("longVectors") double[] z,
                                              @ForAll @DoubleRange(min = 0.5, max = 4) double t,
                                              @ForAll @IntRange(min = 0, max = 9) int spare) {
        for (Softmax softmax : new Softmax[] {vector, scalar}) {
            // as inPlaceGivesTheSameBits: exact for the scalar kernels, one ulp for the vector ones
            java.util.Comparator<Double> same = softmax == scalar ? Double::compare
                    : (a, b) -> Math.abs(a - b) <= Math.ulp(b) ? 0 : Double.compare(a, b);
            Matrix row = new Matrix(1, z.length, z);
            Segments p = inParts(z, spare);
            softmax.softmaxInPlace(p, t);
            assertThat(p.flat()).usingElementComparator(same).containsExactly(softmax.softmax(row, t).data());
            Segments l = inParts(z, spare);
            softmax.logSoftmaxInPlace(l, t);
            assertThat(l.flat()).usingElementComparator(same).containsExactly(softmax.logSoftmax(row, t).data());
            assertThat(Softmax.argmax(inParts(z, spare))).isEqualTo(Softmax.argmax(row)[0]);
        }
    }

    @Property(tries = 20)
    void aVectorInPartsNamesItsArgmaxAndItsLogBelowTheSmallestDouble(
            @ForAll @IntRange(min = Segments.PART + 1, max = 3 * Segments.PART) int n,
            @ForAll @IntRange(min = 0, max = 3 * Segments.PART) int first) {
        int at = first % n;
        double[] z = new double[n];
        for (int i = at; i < n; i++) {
            z[i] = 7;   // the max, repeated from `at` on
        }
        assertThat(Softmax.argmax(inParts(z, 0))).isEqualTo(at);
        z[at] = 1e308;
        z[n - 1 - (at == n - 1 ? 1 : 0)] = -1e308;
        int below = n - 1 - (at == n - 1 ? 1 : 0);
        assertThatThrownBy(() -> vector.logSoftmaxInPlace(inParts(z, 0), 1))
                .isInstanceOfSatisfying(NonFiniteResultException.class, e -> assertThat(e.index()).isEqualTo(below));
    }

    @Property(tries = 30)
    void partsThatDoNotHoldTheVectorAreRefused(@ForAll @IntRange(min = 1, max = Segments.PART) int last,
                                               @ForAll @IntRange(min = -2, max = 2) int off) {
        assertThat(Segments.PART % Softmax.BLOCK).as("a block never spans two parts").isZero();
        double[][] parts = {new double[Segments.PART], new double[last]};
        int length = Segments.PART + last + off;
        if (off <= 0 && length > Segments.PART) {
            assertThat(new Segments(parts, length).lengthOf(1)).isEqualTo(last + off);
        } else {
            assertThatThrownBy(() -> new Segments(parts, length)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Segments(new double[][] {new double[Segments.PART - 1], new double[1]}, Segments.PART))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Segments(new double[][] {new double[5]}, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
