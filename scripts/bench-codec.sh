#!/usr/bin/env bash
# JMH figures of the JSON tensor codec alone (README "Benchmarks"): CodecBenchmark reads a softmax
# body of 1M logits and of 10,000 x 100 into double[] and writes the numbers back, nnmath's way and
# Jackson's (databind of double[] / double[][], and the streaming parser and generator by hand), in
# ns per number. Three forks of 3 warm-up and 5 measured iterations of 1 s by default; the output
# goes to bench/results/codec-<date>.txt. Arguments are passed on to JMH, e.g. -p shape=1x1000000.
set -euo pipefail
cd "$(dirname "$0")/.."
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mvn -q -B -Pbench -DskipTests package
mkdir -p bench/results
out="bench/results/codec-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$java25" -jar target/benchmarks.jar CodecBenchmark -f "${FORKS:-3}" -wi "${WARMUP_ITERATIONS:-3}" -w 1s \
    -i "${ITERATIONS:-5}" -r 1s "$@" 2>&1 | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)|^# Run complete'
  echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo "written: $out"
