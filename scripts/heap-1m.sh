#!/usr/bin/env bash
# The smallest heap (-Xmx) in which nnmath answers a 1M-logit softmax (README "Benchmarks"): starts
# the jar with each -Xmx in turn and sends each request 5 times: POST /softmax (JSON) and the Open
# Inference Protocol's binary FP64 form. Needs bench/data (python3 bench/make-large-bodies.py, run
# when missing) and the jar (mvn -DskipTests package). An answer that never came is 000 (a minute at
# most each).
set -euo pipefail
cd "$(dirname "$0")/.."
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
body=bench/data/softmax-1m.json
oip=bench/data/oip-softmax-1m-fp64.bin
[ -f "$body" ] && [ -f "$oip" ] || python3 bench/make-large-bodies.py bench/data
for mx in ${HEAPS:-24 32 40 48 64}; do
  "$java25" -Xmx${mx}m --add-modules jdk.incubator.vector -jar target/nnmath-0.1.0-SNAPSHOT.jar \
    --server.address=127.0.0.1 --server.port=18090 --management.server.port=18091 >/tmp/nnmath-heap-$mx.log 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -sf --max-time 5 -o /dev/null http://127.0.0.1:18091/actuator/health && break; sleep 0.5; done
  codes=""
  for _ in 1 2 3 4 5; do
    codes="$codes $(curl -s --max-time 60 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary @"$body" http://127.0.0.1:18090/softmax || true)"
  done
  binary=""
  for _ in 1 2 3 4 5; do
    binary="$binary $(curl -s --max-time 60 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/octet-stream' \
      -H "Inference-Header-Content-Length: $(cat "$oip.hlen")" --data-binary @"$oip" \
      http://127.0.0.1:18090/v2/models/softmax/infer || true)"
  done
  echo "-Xmx${mx}m: JSON$codes; OIP binary$binary  (OutOfMemoryError in the log: $(grep -c OutOfMemoryError /tmp/nnmath-heap-$mx.log || true))"
  kill "$pid"; sleep 5; kill -9 "$pid" 2>/dev/null || true   # a JVM out of memory may not stop by itself
  wait "$pid" 2>/dev/null || true
done
