#!/usr/bin/env python3
"""Writes the large request bodies of scripts/bench-http.sh into the folder given (default bench/data).

softmax-1m.json: one row of 1,000,000 logits, N(0, 3) with a fixed seed, printed with repr (the
  shortest round-tripping form, 17 significant digits at most), about 20 MB: what a client that
  dumps doubles sends.
rnn-large.json: an Elman RNN (tanh), B=8 sequences of T=500 steps, I=64, H=256; weights and biases
  uniform in [-0.06, 0.06] (a stable recurrence), inputs uniform in [-1, 1]; 8*500*(64*256 +
  256*256) = 328M multiply-adds, under the default limit of 1e9.

A file already there is kept, so the bytes stay the same from run to run.
"""
import json
import os
import random
import sys


def write(path, make):
    if os.path.exists(path):
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(make(), f, separators=(",", ":"))
    os.replace(tmp, path)  # never leaves half a file behind


def softmax_1m():
    rng = random.Random(20240601)
    return {"logits": [rng.gauss(0.0, 3.0) for _ in range(1_000_000)]}


def rnn_large(batch=8, steps=500, inputs=64, hidden=256, scale=0.06):
    rng = random.Random(20240602)

    def matrix(rows, cols, s):
        return [[rng.uniform(-s, s) for _ in range(cols)] for _ in range(rows)]

    layer = {"weightIh": matrix(hidden, inputs, scale), "weightHh": matrix(hidden, hidden, scale),
             "biasIh": matrix(1, hidden, scale)[0], "biasHh": matrix(1, hidden, scale)[0]}
    return {"nonlinearity": "tanh", "layers": [layer],
            "inputs": [matrix(steps, inputs, 1.0) for _ in range(batch)]}


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data")
    os.makedirs(folder, exist_ok=True)
    write(os.path.join(folder, "softmax-1m.json"), softmax_1m)
    write(os.path.join(folder, "rnn-large.json"), rnn_large)
