package io.nnmath.rnn;

import java.util.ArrayList;
import java.util.List;

import io.nnmath.compute.Cost;
import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.Matrix;
import io.nnmath.compute.Recurrent;
import io.nnmath.compute.Softmax;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import io.nnmath.problem.RequestChecks;
import io.nnmath.system.ComputeGate;
import io.nnmath.system.Operation;
import io.nnmath.system.Limits;
import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.Tensor;

import org.springframework.stereotype.Service;

/** Recurrent forward passes and backpropagation through time, answered in the request's own layout. */
@Service
class RnnService {

    private final Recurrent recurrent;
    private final Softmax softmax;
    private final ComputeGate gate;
    private final Limits limits;

    RnnService(Recurrent recurrent, Softmax softmax, ComputeGate gate, Limits limits) {
        this.recurrent = recurrent;
        this.softmax = softmax;
        this.gate = gate;
        this.limits = limits;
    }

    RnnForwardResponse forward(RnnForwardRequest request) {
        RnnInputs.Validated in = RnnInputs.of(request, limits, false);
        Recurrent.Network net = in.network();
        Recurrent.Forward f = compute(in, Recurrent.forwardCost(net, in.rows(), in.sequences().lengths().length),
                () -> recurrent.forward(net, in.sequences()), Operation.RNN_FORWARD);
        Object outputs = null;
        Object probabilities = null;
        if (net.output() != null) {
            int o = net.output().size();
            outputs = perSequence(f.outputs(), o, in);
            if ("softmax".equals(request.output().activation())) {
                probabilities = perSequence(softmax.softmax(new Matrix(in.rows(), o, f.outputs()), 1).data(), o, in);
            }
        }
        return new RnnForwardResponse(perSequence(f.hiddenStates(), net.hidden(), in),
                states(f.finalHidden(), in), f.finalCell() == null ? null : states(f.finalCell(), in), outputs,
                probabilities);
    }

    RnnBackwardResponse backward(RnnBackwardRequest request) {
        RnnInputs.Validated in = RnnInputs.of(request, limits, true);
        Recurrent.Network net = in.network();
        int[] targets = targets(RequestChecks.required(request.targets(), "/targets"), in);
        CrossEntropy.Reduction reduction = RequestChecks.option(request.reduction(), "/reduction",
                CrossEntropy.Reduction.MEAN, CrossEntropy.Reduction.MEAN, CrossEntropy.Reduction.SUM);
        Recurrent.Backward b = compute(in, Recurrent.backwardCost(net, in.rows(), in.sequences().lengths().length),
                () -> recurrent.backward(net, in.sequences(), targets, reduction), Operation.RNN_BACKWARD);
        List<RnnBackwardResponse.Layer> layers = new ArrayList<>();
        int h = net.hidden();
        for (int k = 0; k < b.layers().size(); k++) {
            Recurrent.LayerGradients g = b.layers().get(k);
            int gh = net.cell().gates() * h;
            layers.add(new RnnBackwardResponse.Layer(new Tensor(g.weightIh(), gh, net.layers().get(k).inputSize()),
                    new Tensor(g.weightHh(), gh, h), Tensor.of(g.biasIh()), Tensor.of(g.biasHh())));
        }
        int o = net.output().size();
        RnnBackwardResponse.Gradients gradients = new RnnBackwardResponse.Gradients(layers,
                new RnnBackwardResponse.Output(new Tensor(b.outputWeight(), o, h), Tensor.of(b.outputBias())),
                perSequence(b.inputs(), in.sequences().inputSize(), in), states(b.initialHidden(), in),
                b.initialCell() == null ? null : states(b.initialCell(), in));
        return new RnnBackwardResponse(b.loss(), gradients, norms(b.hiddenGradientNorms(), in));
    }

    private <T> T compute(RnnInputs.Validated in, Cost cost, java.util.function.Supplier<T> work, Operation operation) {
        try {
            return gate.run(operation, null, in.numbers(), cost, work);
        } catch (Recurrent.NonFiniteStateException e) {
            String step = in.batch() ? "/inputs/" + e.sequence() + "/" + e.step() : "/inputs/" + e.step();
            throw ProblemException.of(ProblemType.NOT_REPRESENTABLE, step, "is the step where the state of layer "
                    + e.layer() + " stops being a finite double (the network explodes); use smaller weights or tanh");
        }
    }

    /** One class index per step, shaped like the sequences: [T] or [B][T_b]. */
    private static int[] targets(IndexArray targets, RnnInputs.Validated in) {
        int[] lengths = in.sequences().lengths();
        targets.requireRank(in.batch() ? 2 : 1);
        if (in.batch() && targets.lengthAt(0, 0) != lengths.length) {
            throw ProblemException.shape(targets.pointer(), "has " + targets.lengthAt(0, 0)
                    + " sequences of targets but /inputs has " + lengths.length);
        }
        for (int b = 0; b < lengths.length; b++) {
            int got = in.batch() ? targets.lengthAt(1, b) : targets.lengthAt(0, 0);
            if (got != lengths[b]) {
                throw ProblemException.shape(in.batch() ? targets.pointer() + "/" + b : targets.pointer(),
                        "has " + got + " targets but the sequence has " + lengths[b] + " steps; send one per step");
            }
        }
        return targets.indicesBelow(in.network().output().size(), null);
    }

    /** Rows of every sequence, [T][width] for one sequence or a list of [T_b][width] for a batch. */
    private static Object perSequence(double[] rows, int width, RnnInputs.Validated in) {
        int[] lengths = in.sequences().lengths();
        if (!in.batch()) {
            return new Tensor(rows, lengths[0], width);
        }
        List<Tensor> out = new ArrayList<>();
        int from = 0;
        for (int t : lengths) {
            out.add(Tensor.rows(rows, from, t, width));
            from += t;
        }
        return out;
    }

    private static Object norms(double[] norms, RnnInputs.Validated in) {
        if (!in.batch()) {
            return norms;
        }
        List<double[]> out = new ArrayList<>();
        int from = 0;
        for (int t : in.sequences().lengths()) {
            out.add(java.util.Arrays.copyOfRange(norms, from, from + t));
            from += t;
        }
        return out;
    }

    /** [layers][B][H], or [layers][H] for one sequence. */
    private static Tensor states(double[] states, RnnInputs.Validated in) {
        int layers = in.network().layers().size();
        int h = in.network().hidden();
        return in.batch() ? new Tensor(states, layers, in.sequences().lengths().length, h)
                : new Tensor(states, layers, h);
    }
}
