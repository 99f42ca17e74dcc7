package io.nnmath.compute;

import java.util.Arrays;

import io.nnmath.compute.Recurrent.Cell;
import io.nnmath.compute.Recurrent.Layer;
import io.nnmath.compute.Recurrent.LayerGradients;

/**
 * One layer of a recurrent network, forward and backward over packed sequences. Forward, with
 * u = W_ih x + b_ih and v = W_hh h_prev + b_hh:
 * rnn {@code h = f(u + v)}; lstm {@code [i f g o] = [σ σ tanh σ](u + v), c = f c_prev + i g, h = o tanh(c)};
 * gru {@code r, z = σ(u + v), n = tanh(u_n + r v_n), h = (1 - z) n + z h_prev}.
 * Scratch buffers are allocated once per layer, never per step.
 */
final class RecurrentCells {

    /** What one layer computed, packed: its input, outputs, and what the cell's derivative needs. */
    static final class Trace {
        final double[] input;
        final double[] h;
        final double[] c;      // lstm cell states
        final double[] gates;  // lstm i f g o, gru r z n (after their nonlinearities)
        final double[] vn;     // gru: W_hn h_prev + b_hn
        final double[] h0;     // [B][H] in sorted order
        final double[] c0;

        Trace(Cell cell, int rows, int h, double[] input, double[] h0, double[] c0) {
            this.input = input;
            this.h = new double[rows * h];
            this.c = cell == Cell.LSTM ? new double[rows * h] : null;
            this.gates = cell == Cell.LSTM || cell == Cell.GRU ? new double[rows * cell.gates() * h] : null;
            this.vn = cell == Cell.GRU ? new double[rows * h] : null;
            this.h0 = h0;
            this.c0 = c0;
        }
    }

    /** A layer's gradients, the gradient of its input, and of its initial states (sorted order). */
    record LayerBackward(LayerGradients gradients, double[] dInput, double[] dh0, double[] dc0) {
    }

    private final Kernels kernels;

    RecurrentCells(Kernels kernels) {
        this.kernels = kernels;
    }

    Trace forward(Cell cell, Layer layer, int h, Packing pk, double[] input, double[] h0, double[] c0, int index,
                  Deadline deadline) {
        int gh = cell.gates() * h;
        Trace tr = new Trace(cell, pk.rows, h, input, h0, c0);
        double[] u = new double[pk.rows * gh];
        Linear.fillRows(u, 0, pk.rows, layer.biasIh(), gh);
        Linear.mulAddABt(kernels, input, 0, pk.rows, layer.weightIh(), 0, gh, layer.inputSize(), u, 0);
        double[] v = new double[pk.batch() * gh];
        double[] scratch = new double[h];
        for (int t = 0; t < pk.steps(); t++) {
            deadline.check();
            int a = pk.active[t];
            double[] prev = t == 0 ? h0 : tr.h;
            int prevRow = t == 0 ? 0 : pk.start[t - 1];
            if (layer.biasHh() == null) {
                Arrays.fill(v, 0, a * gh, 0);
            }
            Linear.fillRows(v, 0, a, layer.biasHh(), gh);
            Linear.mulAddABt(kernels, prev, prevRow * h, a, layer.weightHh(), 0, gh, h, v, 0);
            for (int s = 0; s < a; s++) {
                int row = pk.start[t] + s;
                step(cell, tr, u, v, s, row, prev, (prevRow + s) * h, t == 0 ? c0 : tr.c,
                        (t == 0 ? s : prevRow + s) * h, h, scratch);
            }
            if (!kernels.allFinite(tr.h, pk.start[t] * h, a * h)
                    || tr.c != null && !kernels.allFinite(tr.c, pk.start[t] * h, a * h)) {
                throw new Recurrent.NonFiniteStateException(firstBad(tr, pk, t, h), t, index);
            }
        }
        return tr;
    }

    /** One cell update for one sequence: u row {@code row}, v row {@code s}, previous states at the offsets. */
    private void step(Cell cell, Trace tr, double[] u, double[] v, int s, int row, double[] prevH, int prevOff,
                      double[] prevC, int prevCOff, int h, double[] scratch) {
        int gh = cell.gates() * h;
        int uOff = row * gh;
        int vOff = s * gh;
        int hOff = row * h;
        switch (cell) {
            case RNN_TANH -> {
                kernels.axpy(1, v, vOff, u, uOff, h);
                kernels.tanh(u, uOff, tr.h, hOff, h);
            }
            case RNN_RELU -> {
                kernels.axpy(1, v, vOff, u, uOff, h);
                for (int j = 0; j < h; j++) {
                    tr.h[hOff + j] = Math.max(0, u[uOff + j]);
                }
            }
            case LSTM -> {
                kernels.axpy(1, v, vOff, u, uOff, gh);
                kernels.sigmoid(u, uOff, tr.gates, uOff, 2 * h);
                kernels.tanh(u, uOff + 2 * h, tr.gates, uOff + 2 * h, h);
                kernels.sigmoid(u, uOff + 3 * h, tr.gates, uOff + 3 * h, h);
                double[] g = tr.gates;
                for (int j = 0; j < h; j++) {
                    tr.c[hOff + j] = g[uOff + h + j] * prevC[prevCOff + j] + g[uOff + j] * g[uOff + 2 * h + j];
                }
                kernels.tanh(tr.c, hOff, scratch, 0, h);
                for (int j = 0; j < h; j++) {
                    tr.h[hOff + j] = g[uOff + 3 * h + j] * scratch[j];
                }
            }
            case GRU -> {
                kernels.axpy(1, v, vOff, u, uOff, 2 * h);
                kernels.sigmoid(u, uOff, tr.gates, uOff, 2 * h);
                System.arraycopy(v, vOff + 2 * h, tr.vn, hOff, h);
                for (int j = 0; j < h; j++) {
                    scratch[j] = u[uOff + 2 * h + j] + tr.gates[uOff + j] * v[vOff + 2 * h + j];
                }
                kernels.tanh(scratch, 0, tr.gates, uOff + 2 * h, h);
                for (int j = 0; j < h; j++) {
                    double z = tr.gates[uOff + h + j];
                    tr.h[hOff + j] = (1 - z) * tr.gates[uOff + 2 * h + j] + z * prevH[prevOff + j];
                }
            }
        }
    }

    private static int firstBad(Trace tr, Packing pk, int t, int h) {
        for (int s = 0; s < pk.active[t]; s++) {
            for (int j = 0; j < h; j++) {
                int at = (pk.start[t] + s) * h + j;
                if (!Double.isFinite(tr.h[at]) || tr.c != null && !Double.isFinite(tr.c[at])) {
                    return pk.order[s];
                }
            }
        }
        return pk.order[0];
    }

    /**
     * Backpropagation through time for one layer, last step first. {@code dAbove} [rows][H] is the
     * gradient of the loss with respect to this layer's outputs from above; the carry adds every
     * path through later steps. With {@code norms}, stores |dLoss/dh_t| per packed row.
     */
    LayerBackward backward(Cell cell, Layer layer, int h, Packing pk, Trace tr, double[] dAbove, double[] norms,
                           Deadline deadline) {
        int gh = cell.gates() * h;
        int b = pk.batch();
        double[] dU = new double[pk.rows * gh];          // d loss / d (W_ih x + b_ih), per row
        double[] dV = cell == Cell.GRU ? new double[b * gh] : null; // d loss / d (W_hh h + b_hh), one step
        double[] carry = new double[b * h];              // d loss / d h_t through later steps, then in total
        double[] nextCarry = new double[b * h];
        double[] cellCarry = cell == Cell.LSTM ? new double[b * h] : null;
        double[] dWeightHh = new double[gh * h];
        double[] dBiasHh = new double[gh];
        for (int t = pk.steps() - 1; t >= 0; t--) {
            deadline.check();
            int a = pk.active[t];
            double[] prev = t == 0 ? tr.h0 : tr.h;
            int prevRow = t == 0 ? 0 : pk.start[t - 1];
            Arrays.fill(nextCarry, 0, a * h, 0);
            for (int s = 0; s < a; s++) {
                int row = pk.start[t] + s;
                kernels.axpy(1, dAbove, row * h, carry, s * h, h);
                if (norms != null) {
                    norms[row] = Linear.norm(kernels, carry, s * h, h);
                }
                stepBack(cell, tr, dU, dV, carry, nextCarry, cellCarry, s, row, prev, (prevRow + s) * h,
                        t == 0 ? tr.c0 : tr.c, (t == 0 ? s : prevRow + s) * h, h);
            }
            double[] dHidden = dV != null ? dV : dU;
            int dOff = dV != null ? 0 : pk.start[t] * gh;
            Linear.mulAddAtB(kernels, dHidden, dOff, a, gh, prev, prevRow * h, h, dWeightHh, 0);
            Linear.addColumnSums(kernels, dHidden, dOff, a, gh, dBiasHh);
            Linear.mulAddAB(kernels, dHidden, dOff, a, layer.weightHh(), 0, gh, h, nextCarry, 0);
            System.arraycopy(nextCarry, 0, carry, 0, a * h);
        }
        double[] dWeightIh = new double[gh * layer.inputSize()];
        double[] dBiasIh = new double[gh];
        double[] dInput = new double[pk.rows * layer.inputSize()];
        Linear.mulAddAtB(kernels, dU, 0, pk.rows, gh, tr.input, 0, layer.inputSize(), dWeightIh, 0);
        Linear.addColumnSums(kernels, dU, 0, pk.rows, gh, dBiasIh);
        Linear.mulAddAB(kernels, dU, 0, pk.rows, layer.weightIh(), 0, gh, layer.inputSize(), dInput, 0);
        return new LayerBackward(new LayerGradients(dWeightIh, dWeightHh, dBiasIh, dBiasHh), dInput, carry, cellCarry);
    }

    /**
     * The cell's derivative for sequence s at one step, dh = carry[s] in total: writes d u into dU's
     * row (and d v into dV's row s for the gru, whose v_n sits inside r * v_n), updates the lstm's cell
     * carry, and adds to nextCarry what reaches h_prev other than through W_hh.
     */
    private void stepBack(Cell cell, Trace tr, double[] dU, double[] dV, double[] carry, double[] nextCarry,
                          double[] cellCarry, int s, int row, double[] prevH, int prevOff, double[] prevC,
                          int prevCOff, int h) {
        int gh = cell.gates() * h;
        int uOff = row * gh;
        int hOff = row * h;
        int dh = s * h;
        switch (cell) {
            case RNN_TANH -> {
                for (int j = 0; j < h; j++) {
                    double y = tr.h[hOff + j];
                    dU[uOff + j] = carry[dh + j] * (1 - y * y);
                }
            }
            case RNN_RELU -> {
                for (int j = 0; j < h; j++) {
                    dU[uOff + j] = tr.h[hOff + j] > 0 ? carry[dh + j] : 0;
                }
            }
            case LSTM -> {
                double[] g = tr.gates;
                for (int j = 0; j < h; j++) {
                    double i = g[uOff + j];
                    double f = g[uOff + h + j];
                    double gg = g[uOff + 2 * h + j];
                    double o = g[uOff + 3 * h + j];
                    double tc = Math.tanh(tr.c[hOff + j]);
                    double dOut = carry[dh + j];
                    double dc = cellCarry[dh + j] + dOut * o * (1 - tc * tc);
                    dU[uOff + j] = dc * gg * i * (1 - i);
                    dU[uOff + h + j] = dc * prevC[prevCOff + j] * f * (1 - f);
                    dU[uOff + 2 * h + j] = dc * i * (1 - gg * gg);
                    dU[uOff + 3 * h + j] = dOut * tc * o * (1 - o);
                    cellCarry[dh + j] = dc * f;
                }
            }
            case GRU -> {
                double[] g = tr.gates;
                int vOff = s * gh;
                for (int j = 0; j < h; j++) {
                    double r = g[uOff + j];
                    double z = g[uOff + h + j];
                    double n = g[uOff + 2 * h + j];
                    double dOut = carry[dh + j];
                    double dn = dOut * (1 - z) * (1 - n * n);
                    double dr = dn * tr.vn[hOff + j] * r * (1 - r);
                    double dz = dOut * (prevH[prevOff + j] - n) * z * (1 - z);
                    dU[uOff + j] = dr;
                    dU[uOff + h + j] = dz;
                    dU[uOff + 2 * h + j] = dn;
                    dV[vOff + j] = dr;
                    dV[vOff + h + j] = dz;
                    dV[vOff + 2 * h + j] = dn * r;
                    nextCarry[dh + j] += dOut * z;
                }
            }
        }
    }
}
