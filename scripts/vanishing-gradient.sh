#!/usr/bin/env bash
# The vanishing gradient, measured by the service: a tanh RNN over 60 steps whose only real loss is
# at the last step (the output bias makes every earlier target nearly certain), so that
# hiddenGradientNorms shows what reaches each earlier step from the end. Needs a running service
# (default http://localhost:8080) and python3.
set -euo pipefail
url=${1:-http://localhost:8080}
python3 - "$url" <<'PY'
import json, random, sys, urllib.request
random.seed(60)
hidden, steps = 8, 60
def matrix(rows, cols, scale):
    return [[random.uniform(-scale, scale) for _ in range(cols)] for _ in range(rows)]
request = {
    "layers": [{"weightIh": matrix(hidden, 1, 1.0), "weightHh": matrix(hidden, hidden, 0.5)}],
    "inputs": [[random.uniform(-1, 1)] for _ in range(steps)],
    "output": {"weight": matrix(2, hidden, 1.0), "bias": [25.0, 0.0]},
    "targets": [0] * (steps - 1) + [1],
    "reduction": "sum",
}
body = json.dumps(request).encode()
req = urllib.request.Request(sys.argv[1] + "/rnn/backward", body, {"Content-Type": "application/json"})
norms = json.load(urllib.request.urlopen(req))["hiddenGradientNorms"]
print("| step | |dLoss/dh_t| |")
print("| ---: | ---: |")
for t in [60, 59, 58, 55, 50, 45, 40, 30, 20, 10, 1]:
    print(f"| {t} | {norms[t - 1]:.3e} |")
PY
