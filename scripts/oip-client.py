#!/usr/bin/env python3
"""A small Open Inference Protocol (KServe v2 REST) client for nnmath, with binary tensors.

The logits travel as raw little-endian bytes after a JSON header (the binary tensor extension,
see API.md, "The Open Inference Protocol"), and the outputs come back the same way.
Needs only the Python standard library and NumPy; the only address it contacts is --url
(no proxy from the environment, no redirects followed).

Examples:
    python3 scripts/oip-client.py                       # Iris demo: [[1.43, -0.4, 0.23]] -> probabilities
    python3 scripts/oip-client.py --url http://127.0.0.1:18680 --dtype FP32 --random 1000000
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request

import numpy as np

IRIS_LOGITS = [[1.43, -0.4, 0.23]]
IRIS_CLASSES = ["Setosa", "Versicolor", "Virginica"]
# OIP datatype -> NumPy little-endian dtype
DTYPES = {"FP64": "<f8", "FP32": "<f4", "INT64": "<i8", "INT32": "<i4"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx becomes an HTTPError instead of a request to another address


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def infer(url, model, logits, dtype, temperature=None):
    """POSTs logits as one binary input; returns (outputs by name, bytes sent, bytes received)."""
    raw = np.ascontiguousarray(logits, dtype=DTYPES[dtype]).tobytes()
    parameters = {"binary_data_output": True}
    if temperature is not None:
        parameters["temperature"] = temperature
    header = json.dumps({
        "parameters": parameters,
        "inputs": [{"name": "logits", "shape": list(logits.shape), "datatype": dtype,
                    "parameters": {"binary_data_size": len(raw)}}],
    }).encode()
    body = header + raw
    request = urllib.request.Request(
        f"{url.rstrip('/')}/v2/models/{model}/infer", data=body, method="POST",
        headers={"Content-Type": "application/octet-stream",
                 "Inference-Header-Content-Length": str(len(header))})
    try:
        with OPENER.open(request) as response:
            answer = response.read()
            header_length = response.headers.get("Inference-Header-Content-Length")
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors="replace")
        try:
            text = json.loads(text).get("error", text)
        except (ValueError, AttributeError):
            pass
        fail(f"HTTP {e.code}: {text}")
    except urllib.error.URLError as e:
        if isinstance(e.reason, (BrokenPipeError, ConnectionResetError)):
            # urllib sends no "Expect: 100-continue": a server that refuses the body early (413)
            # closes the connection while the body is still being sent, so its answer is lost.
            fail(f"the server closed the connection during the {len(body):,}-byte request "
                 "(over its size limit?)")
        fail(f"cannot reach {url}: {e.reason}")
    return decode(answer, header_length), len(body), len(answer)


def decode(answer, header_length):
    """Splits a (possibly binary) OIP response into NumPy arrays, by output name."""
    length = int(header_length) if header_length is not None else len(answer)
    response = json.loads(answer[:length])
    offset, outputs = length, {}
    for output in response["outputs"]:
        shape, size = output["shape"], output.get("parameters", {}).get("binary_data_size")
        if size is None:
            array = np.array(output["data"], dtype=DTYPES[output["datatype"]])
        else:
            dtype = np.dtype(DTYPES[output["datatype"]])
            array = np.frombuffer(answer, dtype, size // dtype.itemsize, offset)
            offset += size
        outputs[output["name"]] = array.reshape(shape)
    if offset != len(answer):
        fail(f"response has {len(answer) - offset} bytes the JSON header does not account for")
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--model", default="softmax")
    parser.add_argument("--dtype", default="FP64", choices=["FP64", "FP32"])
    parser.add_argument("--temperature", type=float)
    parser.add_argument("--random", type=int, metavar="N", help="send random [1, N] logits instead")
    parser.add_argument("--seed", type=int, default=42, help="seed of --random (default 42)")
    args = parser.parse_args()

    if args.random is None:
        logits = np.array(IRIS_LOGITS)
    else:
        logits = np.random.default_rng(args.seed).normal(0.0, 3.0, size=(1, args.random))
    start = time.perf_counter()
    outputs, sent, received = infer(args.url, args.model, logits, args.dtype, args.temperature)
    elapsed = time.perf_counter() - start

    name = next(iter(outputs))  # the main output: probabilities (log_probabilities for log_softmax)
    values, argmax = outputs[name], outputs.get("argmax")
    print(f"model {args.model}, {args.dtype} {list(logits.shape)} -> {name} "
          f"{values.dtype.str} {list(values.shape)}")
    if args.random is None:
        indices = argmax.reshape(-1) if argmax is not None else [None] * len(values)
        for row, index in zip(values, indices):
            for cls, p in zip(IRIS_CLASSES, row):
                print(f"  {cls:<11}{p:.6f}")
            if index is not None:
                print(f"  argmax     {index} ({IRIS_CLASSES[index]})")
    else:
        print(f"  time       {elapsed * 1000:.1f} ms")
        print(f"  sent       {sent:,} bytes")
        print(f"  received   {received:,} bytes")
        if argmax is not None:
            print(f"  argmax     {argmax.reshape(-1).tolist()}")
    if name == "probabilities":
        deviation = np.abs(values.sum(axis=-1, dtype=np.float64) - 1.0).max()
        print(f"  max |sum-1| {deviation:.3e}")


if __name__ == "__main__":
    main()
