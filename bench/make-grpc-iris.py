#!/usr/bin/env python3
"""Writes the Iris softmax as one gRPC message, for h2load (scripts/bench-grpc.sh): a ModelInferRequest
of open_inference_grpc.proto (model "softmax", input "logits", FP64, shape [1, 3], the three values in
raw_input_contents, little-endian) behind gRPC's 5-byte prefix (not compressed, then its length,
big-endian). Encoded by hand, so that no protobuf package is needed.

    bench/make-grpc-iris.py bench/data/grpc-iris.bin
"""
import struct
import sys


def varint(n):
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def field(number, payload):  # a length-delimited field (wire type 2)
    return varint(number << 3 | 2) + varint(len(payload)) + payload


tensor = field(1, b"logits") + field(2, b"FP64") + field(3, varint(1) + varint(3))  # shape, packed
request = field(1, b"softmax") + field(5, tensor) + field(7, struct.pack("<3d", 1.43, -0.4, 0.23))
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack(">BI", 0, len(request)) + request)
