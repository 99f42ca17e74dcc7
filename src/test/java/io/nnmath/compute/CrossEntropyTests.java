package io.nnmath.compute;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import io.nnmath.compute.CrossEntropy.IndexTargets;
import io.nnmath.compute.CrossEntropy.Options;
import io.nnmath.compute.CrossEntropy.Reduction;
import io.nnmath.compute.CrossEntropy.Result;
import io.nnmath.compute.CrossEntropy.SoftTargets;
import io.nnmath.compute.CrossEntropy.Targets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties of cross-entropy for random shapes and every option combination (index or soft
 * targets, weights, label smoothing, ignore index, each reduction), from logits and from probabilities.
 */
class CrossEntropyTests {

    static final double STEP = 1e-6;
    static final double FD_TOLERANCE = 1e-6;

    final CrossEntropy vector = new CrossEntropy(new VectorKernels());
    final CrossEntropy scalar = new CrossEntropy(new ScalarKernels());

    /** A random problem: input (logits, or probabilities bounded away from 0), targets and options. */
    record Case(Matrix logits, Matrix probabilities, Targets targets, Options options) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 7))
                .flatAs((rows, cols) -> Combinators.combine(
                        Arbitraries.doubles().between(-5, 5).array(double[].class).ofSize(rows * cols),
                        Arbitraries.doubles().between(0.05, 1).array(double[].class).ofSize(rows * cols),
                        Arbitraries.integers().between(0, cols - 1).array(int[].class).ofSize(rows),
                        Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.doubles().between(0, 0.5).injectDuplicates(0.3).edgeCases(c -> c.add(0.0)),
                        Arbitraries.of(Reduction.class), Arbitraries.of(true, false))
                        .as((z, raw, classes, soft, weighted, smoothing, reduction, ignore) -> {
                            Matrix logits = new Matrix(rows, cols, z);
                            Matrix p = normalised(new Matrix(rows, cols, raw));
                            double[] weights = weighted ? Arrays.stream(raw).limit(cols).map(x -> 0.5 + x).toArray() : null;
                            Targets targets = soft
                                    ? new SoftTargets(normalised(new Matrix(rows, cols, reversed(raw))))
                                    : new IndexTargets(classes, ignore && rows > 1 ? classes[0] == classes[rows - 1]
                                            ? null : classes[rows - 1] : null);
                            return new Case(logits, p, targets, new Options(weights, smoothing, reduction));
                        }));
    }

    static Matrix normalised(Matrix m) {
        double[] d = m.data().clone();
        for (int r = 0; r < m.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < m.cols(); c++) {
                sum += d[m.offset(r) + c];
            }
            for (int c = 0; c < m.cols(); c++) {
                d[m.offset(r) + c] /= sum;
            }
        }
        return m.withData(d);
    }

    static double[] reversed(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    /** The value the gradient is of: the reduced loss, or the sum of the losses for NONE. */
    static double objective(Result r) {
        return Double.isNaN(r.loss()) ? Arrays.stream(r.losses()).sum() : r.loss();
    }

    /** Central finite differences of f at every element of x. */
    static double[] numericGradient(Matrix x, ToDoubleFunction<Matrix> f) {
        double[] g = new double[x.data().length];
        for (int i = 0; i < g.length; i++) {
            double[] up = x.data().clone();
            double[] down = x.data().clone();
            up[i] += STEP;
            down[i] -= STEP;
            g[i] = (f.applyAsDouble(x.withData(up)) - f.applyAsDouble(x.withData(down))) / (2 * STEP);
        }
        return g;
    }

    static void assertClose(double[] actual, double[] expected, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d of %s", i, Arrays.toString(actual))
                    .isCloseTo(expected[i], within(tolerance * (1 + Math.abs(expected[i]))));
        }
    }

    boolean allIgnored(Case c) {
        return c.targets() instanceof IndexTargets t && t.ignoreIndex() != null
                && Arrays.stream(t.classes()).allMatch(y -> y == t.ignoreIndex());
    }

    @Property
    void crossEntropyIsNeverNegative(@ForAll("cases") Case c) {
        if (allIgnored(c) && c.options().reduction() == Reduction.MEAN) {
            return;
        }
        Result fromLogits = vector.fromLogits(c.logits(), c.targets(), c.options(), false);
        Result fromProbabilities = vector.fromProbabilities(c.probabilities(), c.targets(), c.options(), false);
        assertThat(Arrays.stream(fromLogits.losses()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(fromProbabilities.losses()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    }

    @Property
    void logitGradientRowsSumToZero(@ForAll("cases") Case c) {
        if (allIgnored(c) && c.options().reduction() == Reduction.MEAN) {
            return;
        }
        Matrix g = vector.fromLogits(c.logits(), c.targets(), c.options(), true).gradient();
        for (int r = 0; r < g.rows(); r++) {
            double sum = 0;
            for (int col = 0; col < g.cols(); col++) {
                sum += g.get(r, col);
            }
            assertThat(sum).isCloseTo(0, within(1e-12));
        }
    }

    @Property(tries = 300)
    void logitGradientEqualsFiniteDifferences(@ForAll("cases") Case c) {
        if (allIgnored(c) && c.options().reduction() == Reduction.MEAN) {
            return;
        }
        Matrix g = vector.fromLogits(c.logits(), c.targets(), c.options(), true).gradient();
        double[] numeric = numericGradient(c.logits(),
                z -> objective(scalar.fromLogits(z, c.targets(), c.options(), false)));
        assertClose(g.data(), numeric, FD_TOLERANCE);
    }

    @Property(tries = 300)
    void probabilityGradientEqualsFiniteDifferences(@ForAll("cases") Case c) {
        if (allIgnored(c) && c.options().reduction() == Reduction.MEAN) {
            return;
        }
        Matrix g = vector.fromProbabilities(c.probabilities(), c.targets(), c.options(), true).gradient();
        double[] numeric = numericGradient(c.probabilities(),
                p -> objective(scalar.fromProbabilities(p, c.targets(), c.options(), false)));
        assertClose(g.data(), numeric, FD_TOLERANCE * 10);
    }

    @Property
    void oneHotSoftTargetsEqualIndexTargets(@ForAll("cases") Case c) {
        if (!(c.targets() instanceof IndexTargets index) || index.ignoreIndex() != null) {
            return;
        }
        Matrix oneHot = SquaredError.oneHot(index.classes(), c.logits().cols());
        Options unweighted = new Options(null, c.options().labelSmoothing(), c.options().reduction());
        Result byIndex = vector.fromLogits(c.logits(), index, unweighted, true);
        Result bySoft = vector.fromLogits(c.logits(), new SoftTargets(oneHot), unweighted, true);
        assertClose(bySoft.losses(), byIndex.losses(), 1e-12);
        assertClose(bySoft.gradient().data(), byIndex.gradient().data(), 1e-12);
        if (c.options().reduction() != Reduction.NONE) {
            assertThat(bySoft.loss()).isCloseTo(byIndex.loss(), within(1e-12 * (1 + byIndex.loss())));
        }
    }

    @Property
    void logitsAndTheirSoftmaxGiveTheSameLoss(@ForAll("cases") Case c) {
        if (allIgnored(c) && c.options().reduction() == Reduction.MEAN) {
            return;
        }
        Matrix p = new Softmax(new ScalarKernels()).softmax(c.logits(), 1);
        assertClose(vector.fromProbabilities(p, c.targets(), c.options(), false).losses(),
                vector.fromLogits(c.logits(), c.targets(), c.options(), false).losses(), 1e-12);
    }
}
