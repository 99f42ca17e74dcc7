package io.nnmath.compute;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

import static io.nnmath.compute.CrossEntropyTests.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The softmax Jacobian and vector-Jacobian product against finite differences and each other. */
class SoftmaxGradientTests {

    final Softmax softmax = new Softmax(new VectorKernels());
    final SoftmaxGradient gradient = new SoftmaxGradient(softmax);

    @Provide
    Arbitrary<Matrix[]> logitsAndUpstream() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 12))
                .flatAs((rows, cols) -> Arbitraries.doubles().between(-4, 4).array(double[].class)
                        .ofSize(2 * rows * cols).map(d -> new Matrix[] {
                                new Matrix(rows, cols, java.util.Arrays.copyOf(d, rows * cols)),
                                new Matrix(rows, cols, java.util.Arrays.copyOfRange(d, rows * cols, 2 * rows * cols))}));
    }

    @Property(tries = 300)
    void jacobianEqualsFiniteDifferences(@ForAll("logitsAndUpstream") Matrix[] zv,
                                         @ForAll @DoubleRange(min = 0.5, max = 3) double t) {
        Matrix z = zv[0];
        int n = z.cols();
        double[] j = gradient.jacobian(z, t).jacobians();
        for (int r = 0; r < z.rows(); r++) {
            for (int k = 0; k < n; k++) {
                double[] up = z.data().clone();
                double[] down = z.data().clone();
                up[z.offset(r) + k] += CrossEntropyTests.STEP;
                down[z.offset(r) + k] -= CrossEntropyTests.STEP;
                Matrix pUp = softmax.softmax(z.withData(up), t);
                Matrix pDown = softmax.softmax(z.withData(down), t);
                for (int i = 0; i < n; i++) {
                    double numeric = (pUp.get(r, i) - pDown.get(r, i)) / (2 * CrossEntropyTests.STEP);
                    assertThat(j[r * n * n + i * n + k]).isCloseTo(numeric, within(1e-7));
                }
            }
        }
    }

    @Property
    void jacobianRowsSumToZeroAndItIsSymmetric(@ForAll("logitsAndUpstream") Matrix[] zv) {
        Matrix z = zv[0];
        int n = z.cols();
        double[] j = gradient.jacobian(z, 1).jacobians();
        for (int r = 0; r < z.rows(); r++) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += j[r * n * n + i * n + k];
                    assertThat(j[r * n * n + i * n + k]).isEqualTo(j[r * n * n + k * n + i]);
                }
                assertThat(sum).isCloseTo(0, within(1e-15));
            }
        }
    }

    @Property
    void vectorJacobianProductEqualsVTimesJacobian(@ForAll("logitsAndUpstream") Matrix[] zv,
                                                   @ForAll @DoubleRange(min = 0.5, max = 3) double t) {
        Matrix z = zv[0];
        Matrix v = zv[1];
        int n = z.cols();
        double[] j = gradient.jacobian(z, t).jacobians();
        double[] expected = new double[z.data().length];
        for (int r = 0; r < z.rows(); r++) {
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    expected[z.offset(r) + k] += v.get(r, i) * j[r * n * n + i * n + k];
                }
            }
        }
        assertClose(gradient.vectorJacobianProduct(z, v, t).vectorJacobianProduct().data(), expected, 1e-13);
    }
}
