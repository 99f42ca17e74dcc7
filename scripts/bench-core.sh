#!/usr/bin/env bash
# JMH figures of the compute core (README "Benchmarks"): softmax and log-softmax, cross-entropy with
# its gradient, the softmax Jacobian and vector-Jacobian product, RNN/LSTM/GRU forward and backward,
# each on the vector and the scalar kernels, and the kernels softmax is made of (KernelBenchmark).
# Writes the JMH output to bench/results/core-<date>.txt. Arguments are passed on to JMH, e.g. a
# benchmark filter: scripts/bench-core.sh SoftmaxBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
java25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
mvn -q -B -Pbench -DskipTests package
mkdir -p bench/results
out="bench/results/core-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) on $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$java25" --add-modules jdk.incubator.vector -jar target/benchmarks.jar \
    -wi "${WARMUP_ITERATIONS:-3}" -w 2s -i "${ITERATIONS:-5}" -r 2s -f 1 "$@" 2>&1 \
    | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)|^# Run complete'
} | tee "$out"
echo "written: $out"
