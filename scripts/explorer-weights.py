#!/usr/bin/env python3
"""Writes the explorer's fixed recurrent weights, src/main/resources/static/explore/recurrent-weights.json.

One input per step, a hidden state of 8 and 2 output classes, the same 60 inputs for the three cells.
The weights are seeded random numbers, except two choices that the explorer's text states:
- the output bias is [50, 0], so that class 0, the target of every step but the last, is certain
  there (a loss of about e^-50), and the one real error is at the last step, whose target is 1;
- the LSTM's forget gates and the GRU's update gates have a bias of +2.5, so that at first they
  mostly keep their state, as those cells are built to do (the tanh RNN has no such gate).
Only the standard library; run it again after changing it, and commit the JSON.
"""
import json
import pathlib
import random

random.seed(16)
HIDDEN, STEPS, GATE_BIAS = 8, 60, 2.5


def matrix(rows, cols, scale):
    return [[round(random.uniform(-scale, scale), 4) for _ in range(cols)] for _ in range(rows)]


def gate_bias(gates, gate):
    """A bias of GATE_BIAS on one gate's rows, in PyTorch's layout: gate k is rows k*H to (k+1)*H - 1."""
    return [GATE_BIAS if row // HIDDEN == gate else 0.0 for row in range(gates * HIDDEN)]


inputs = [[round(random.uniform(-1, 1), 4)] for _ in range(STEPS)]
output = {"weight": matrix(2, HIDDEN, 1.0), "bias": [50.0, 0.0]}
weights = {
    "about": "Fixed example weights for the explorer's vanishing-gradient panel, written by "
             "scripts/explorer-weights.py: seeded random, output bias [50, 0], forget (LSTM) and "
             "update (GRU) gate biases +2.5.",
    "inputs": inputs,
    "rnn": {"layers": [{"weightIh": matrix(HIDDEN, 1, 1.0), "weightHh": matrix(HIDDEN, HIDDEN, 0.45)}],
            "output": output},
    # LSTM gates in order i, f, g, o: the forget gate is gate 1.
    "lstm": {"layers": [{"weightIh": matrix(4 * HIDDEN, 1, 0.5), "weightHh": matrix(4 * HIDDEN, HIDDEN, 0.35),
                         "biasIh": gate_bias(4, 1)}],
             "output": output},
    # GRU gates in order r, z, n: the update gate z is gate 1, and h' = (1 - z) n + z h.
    "gru": {"layers": [{"weightIh": matrix(3 * HIDDEN, 1, 0.5), "weightHh": matrix(3 * HIDDEN, HIDDEN, 0.35),
                        "biasIh": gate_bias(3, 1)}],
            "output": output},
}
target = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/static/explore/recurrent-weights.json"
target.write_text(json.dumps(weights, indent=1) + "\n")
print(f"{target}: {STEPS} steps, hidden size {HIDDEN}")
