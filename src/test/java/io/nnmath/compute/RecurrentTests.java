package io.nnmath.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import io.nnmath.compute.Recurrent.Cell;
import io.nnmath.compute.Recurrent.Layer;
import io.nnmath.compute.Recurrent.Network;
import io.nnmath.compute.Recurrent.Output;
import io.nnmath.compute.Recurrent.Sequences;
import io.nnmath.problem.Problem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Backpropagation through time against central finite differences, for random small shapes of
 * every cell: several layers, ragged batches, initial states, both reductions.
 */
class RecurrentTests {

    static final double STEP = 1e-6;
    static final double TOLERANCE = 1e-6;

    final Recurrent vector = new Recurrent(new VectorKernels());
    final Recurrent scalar = new Recurrent(new ScalarKernels());

    /** A random problem; every array in it is a parameter the gradient check perturbs. */
    record Problem(Network net, Sequences seq, int[] targets, boolean meanOverSteps) {
        CrossEntropy.Reduction reduction() {
            return meanOverSteps ? CrossEntropy.Reduction.MEAN : CrossEntropy.Reduction.SUM;
        }
    }

    static Problem problem(Cell cell, long seed) {
        Random random = new Random(seed);
        int hidden = 1 + random.nextInt(4);
        int input = 1 + random.nextInt(3);
        int layers = 1 + random.nextInt(2);
        int outputs = 2 + random.nextInt(3);
        int batch = 1 + random.nextInt(3);
        int gh = cell.gates() * hidden;
        List<Layer> net = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            int in = k == 0 ? input : hidden;
            net.add(new Layer(values(random, gh * in), values(random, gh * hidden),
                    random.nextBoolean() ? values(random, gh) : null, values(random, gh), in));
        }
        int[] lengths = random.ints(batch, 1, 6).toArray();
        int rows = java.util.Arrays.stream(lengths).sum();
        double[] h0 = random.nextBoolean() ? values(random, layers * batch * hidden) : null;
        double[] c0 = cell == Cell.LSTM && random.nextBoolean() ? values(random, layers * batch * hidden) : null;
        Output output = new Output(values(random, outputs * hidden), values(random, outputs), outputs);
        return new Problem(new Network(cell, hidden, net, output),
                new Sequences(values(random, rows * input), lengths, input, h0, c0),
                random.ints(rows, 0, outputs).toArray(), random.nextBoolean());
    }

    static double[] values(Random random, int n) {
        return random.doubles(n, -1, 1).toArray();
    }

    double loss(Problem p) {
        return scalar.backward(p.net(), p.seq(), p.targets(), p.reduction()).loss();
    }

    /** Perturbs element i of {@code param} (an array inside the problem) both ways and differences the loss. */
    double numeric(Problem p, double[] param, int i, double step) {
        double saved = param[i];
        param[i] = saved + step;
        double up = loss(p);
        param[i] = saved - step;
        double down = loss(p);
        param[i] = saved;
        return (up - down) / (2 * step);
    }

    void check(Problem p, double[] param, double[] analytic, String what) {
        assertThat(analytic).hasSameSizeAs(param);
        for (int i = 0; i < param.length; i++) {
            double expected = numeric(p, param, i, STEP);
            if (Math.abs(analytic[i] - expected) > TOLERANCE * (1 + Math.abs(expected))) {
                // relu has a kink at 0: a pre-activation within a step of it makes the central
                // difference straddle the kink. A 1000 times smaller step no longer does; a real error stays.
                expected = numeric(p, param, i, STEP / 1000);
            }
            assertThat(analytic[i]).as("%s[%d]", what, i).isCloseTo(expected, within(TOLERANCE * (1 + Math.abs(expected))));
        }
    }

    void gradientsMatchFiniteDifferences(Cell cell, long seed) {
        Problem p = problem(cell, seed);
        Recurrent.Backward b = vector.backward(p.net(), p.seq(), p.targets(), p.reduction());
        for (int k = 0; k < p.net().layers().size(); k++) {
            Layer layer = p.net().layers().get(k);
            Recurrent.LayerGradients g = b.layers().get(k);
            check(p, layer.weightIh(), g.weightIh(), "weightIh " + k);
            check(p, layer.weightHh(), g.weightHh(), "weightHh " + k);
            check(p, layer.biasHh(), g.biasHh(), "biasHh " + k);
            if (layer.biasIh() != null) {
                check(p, layer.biasIh(), g.biasIh(), "biasIh " + k);
            }
        }
        check(p, p.net().output().weight(), b.outputWeight(), "output weight");
        check(p, p.net().output().bias(), b.outputBias(), "output bias");
        check(p, p.seq().inputs(), b.inputs(), "inputs");
        if (p.seq().initialHidden() != null) {
            check(p, p.seq().initialHidden(), b.initialHidden(), "initialHidden");
        }
        if (p.seq().initialCell() != null) {
            check(p, p.seq().initialCell(), b.initialCell(), "initialCell");
        }
    }

    @Property(tries = 40)
    void tanhGradientsMatchFiniteDifferences(@ForAll long seed) {
        gradientsMatchFiniteDifferences(Cell.RNN_TANH, seed);
    }

    @Property(tries = 40)
    void reluGradientsMatchFiniteDifferences(@ForAll long seed) {
        gradientsMatchFiniteDifferences(Cell.RNN_RELU, seed);
    }

    @Property(tries = 40)
    void lstmGradientsMatchFiniteDifferences(@ForAll long seed) {
        gradientsMatchFiniteDifferences(Cell.LSTM, seed);
    }

    @Property(tries = 40)
    void gruGradientsMatchFiniteDifferences(@ForAll long seed) {
        gradientsMatchFiniteDifferences(Cell.GRU, seed);
    }

    @Property(tries = 50)
    void vectorAndScalarKernelsAgree(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int c) {
        Problem p = problem(Cell.values()[c], seed);
        Recurrent.Forward v = vector.forward(p.net(), p.seq());
        Recurrent.Forward s = scalar.forward(p.net(), p.seq());
        for (int i = 0; i < s.hiddenStates().length; i++) {
            assertThat(v.hiddenStates()[i]).isCloseTo(s.hiddenStates()[i], within(1e-14));
        }
        assertThat(vector.backward(p.net(), p.seq(), p.targets(), p.reduction()).loss())
                .isCloseTo(loss(p), within(1e-12));
    }

    @Property(tries = 50)
    void eachSequenceOfABatchIsComputedAsIfAlone(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int c) {
        Problem p = problem(Cell.values()[c], seed);
        Recurrent.Forward batch = vector.forward(p.net(), p.seq());
        int h = p.net().hidden();
        int in = p.seq().inputSize();
        int from = 0;
        for (int b = 0; b < p.seq().lengths().length; b++) {
            int t = p.seq().lengths()[b];
            Sequences alone = new Sequences(java.util.Arrays.copyOfRange(p.seq().inputs(), from * in, (from + t) * in),
                    new int[] {t}, in, slice(p.seq().initialHidden(), b, p), slice(p.seq().initialCell(), b, p));
            Recurrent.Forward single = vector.forward(p.net(), alone);
            for (int i = 0; i < t * h; i++) {
                assertThat(batch.hiddenStates()[from * h + i]).isEqualTo(single.hiddenStates()[i]);
            }
            from += t;
        }
    }

    /** Sequence b's initial states [layers][H] out of [layers][B][H]. */
    static double[] slice(double[] states, int b, Problem p) {
        if (states == null) {
            return null;
        }
        int h = p.net().hidden();
        int batch = p.seq().lengths().length;
        Function<Integer, double[]> layer = k -> java.util.Arrays.copyOfRange(states, (k * batch + b) * h, (k * batch + b + 1) * h);
        double[] out = new double[p.net().layers().size() * h];
        for (int k = 0; k < p.net().layers().size(); k++) {
            System.arraycopy(layer.apply(k), 0, out, k * h, h);
        }
        return out;
    }

    @Property(tries = 10)
    void anExplodingReluNetworkIsReportedAtItsStep(@ForAll @IntRange(min = 2, max = 50) int steps) {
        Layer layer = new Layer(new double[] {1e300}, new double[] {1e10}, null, null, 1);
        Network net = new Network(Cell.RNN_RELU, 1, List.of(layer), null);
        double[] inputs = new double[steps];
        java.util.Arrays.fill(inputs, 1);
        assertThatThrownBy(() -> vector.forward(net, new Sequences(inputs, new int[] {steps}, 1, null, null)))
                .isInstanceOfSatisfying(Recurrent.NonFiniteStateException.class, e -> assertThat(e.step()).isEqualTo(1));
    }
}
