#!/usr/bin/env python3
"""Writes the large request bodies of scripts/bench-http.sh into the folder given (default bench/data).

softmax-1m.json: one row of 1,000,000 logits, N(0, 3) with a fixed seed, printed with repr (the
  shortest round-tripping form, 17 significant digits at most), about 20 MB: what a client that
  dumps doubles sends.
softmax-10000x100.json: a batch of 10,000 rows of 100 logits, N(0, 3), printed the same way, about
  20 MB.
rnn-large.json: an Elman RNN (tanh), B=8 sequences of T=500 steps, I=64, H=256; weights and biases
  uniform in [-0.06, 0.06] (a stable recurrence), inputs uniform in [-1, 1]; 8*500*(64*256 +
  256*256) = 328M multiply-adds, under the default limit of 1e9.

oip-softmax-1m.json: the same logits as an Open Inference Protocol request, JSON data.
oip-softmax-1m-fp64.bin, oip-softmax-1m-fp32.bin: the same logits as OIP binary tensors (the JSON
  header, then the little-endian values), asking for binary outputs; the header's byte length,
  which goes in Inference-Header-Content-Length, is in the .hlen file beside each.

A file already there is kept, so the bytes stay the same from run to run.
"""
import json
import os
import random
import struct
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


def softmax_batch(rows=10_000, cols=100):
    rng = random.Random(20240603)
    return {"logits": [[rng.gauss(0.0, 3.0) for _ in range(cols)] for _ in range(rows)]}


def rnn_large(batch=8, steps=500, inputs=64, hidden=256, scale=0.06):
    rng = random.Random(20240602)

    def matrix(rows, cols, s):
        return [[rng.uniform(-s, s) for _ in range(cols)] for _ in range(rows)]

    layer = {"weightIh": matrix(hidden, inputs, scale), "weightHh": matrix(hidden, hidden, scale),
             "biasIh": matrix(1, hidden, scale)[0], "biasHh": matrix(1, hidden, scale)[0]}
    return {"nonlinearity": "tanh", "layers": [layer],
            "inputs": [matrix(steps, inputs, 1.0) for _ in range(batch)]}


def oip_json():
    logits = softmax_1m()["logits"]
    return {"inputs": [{"name": "logits", "shape": [1, len(logits)], "datatype": "FP64", "data": logits}]}


def write_oip_binary(folder, datatype):
    path = os.path.join(folder, "oip-softmax-1m-%s.bin" % datatype.lower())
    if os.path.exists(path):
        return
    logits = softmax_1m()["logits"]
    code, size = ("d", 8) if datatype == "FP64" else ("f", 4)
    header = json.dumps({"inputs": [{"name": "logits", "shape": [1, len(logits)], "datatype": datatype,
                                     "parameters": {"binary_data_size": size * len(logits)}}],
                         "parameters": {"binary_data_output": True}}, separators=(",", ":")).encode()
    with open(path + ".tmp", "wb") as f:
        f.write(header)
        f.write(struct.pack("<%d%s" % (len(logits), code), *logits))
    with open(path + ".hlen", "w") as f:
        f.write(str(len(header)))
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data")
    os.makedirs(folder, exist_ok=True)
    write(os.path.join(folder, "softmax-1m.json"), softmax_1m)
    write(os.path.join(folder, "softmax-10000x100.json"), softmax_batch)
    write(os.path.join(folder, "rnn-large.json"), rnn_large)
    write(os.path.join(folder, "oip-softmax-1m.json"), oip_json)
    write_oip_binary(folder, "FP64")
    write_oip_binary(folder, "FP32")
