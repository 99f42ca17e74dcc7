#!/usr/bin/env bash
# Fast from the first request? Starts the jar fresh STARTS times (default 10) and reports, for each
# start: the time from launch to readiness UP (warm-up included), the first 1M-logit POST /softmax
# (its core time, from the nnmath.compute timer, and end to end with curl), and the steady state:
# the median of requests 21 to 25. Then the min, median and max of each over the starts.
#
#   scripts/start-spread.sh                       # 10 starts, warm-up on (the default)
#   STARTS=3 EXTRA=--nnmath.warmup.enabled=false scripts/start-spread.sh
#   IMAGE=nnmath scripts/start-spread.sh          # the container image (768 MiB, as deploy/k8s), from
#                                                 # docker run on; its AOT cache is used
#   IMAGE=nnmath JAVA_OPTIONS=-XX:AOTMode=off scripts/start-spread.sh   # the image without its cache
#   JAR=target/extracted/nnmath.jar JAVA_OPTIONS=-XX:AOTCache=target/extracted/nnmath.aot \
#     scripts/start-spread.sh                     # the extracted jar with its AOT cache (README)
#
# Needs the jar (mvn -DskipTests package) or the image, and bench/data (made when missing). Only
# 127.0.0.1. JAVA_OPTIONS go to the JVM (JAVA_TOOL_OPTIONS in the container), EXTRA to the service.
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS=${STARTS:-10}
EXTRA=${EXTRA:-}
IMAGE=${IMAGE:-}
JAR=${JAR:-target/nnmath-0.1.0-SNAPSHOT.jar}
JAVA_OPTIONS=${JAVA_OPTIONS:-}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
body=bench/data/softmax-1m.json
[ -f "$body" ] || python3 bench/make-large-bodies.py bench/data
pid=""
container=""
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; container=""; fi
}
trap stop EXIT
start() {  # start number
  if [ -n "$IMAGE" ]; then
    # shellcheck disable=SC2086
    container=$(docker run -d --memory 768m -e JAVA_TOOL_OPTIONS="$JAVA_OPTIONS" \
      -p 127.0.0.1:18190:8080 -p 127.0.0.1:18191:8081 "$IMAGE" $EXTRA)
  else
    # shellcheck disable=SC2086
    "$java25" --add-modules jdk.incubator.vector $JAVA_OPTIONS -jar "$JAR" \
      --server.address=127.0.0.1 --server.port=18190 --management.server.port=18191 $EXTRA \
      >/tmp/nnmath-start-"$1".log 2>&1 &
    pid=$!
  fi
}
core() {  # the softmax compute timer's sum, in ms
  curl -s http://127.0.0.1:18191/actuator/prometheus \
    | awk '/^nnmath_compute_seconds_sum\{.*operation="softmax",protocol="json"/ { s += $NF } END { printf "%.3f", s * 1000 }'
}
rows=()
for i in $(seq "$STARTS"); do
  launched=$(date +%s%N)
  start "$i"
  ready=""
  for _ in $(seq 1 600); do
    if curl -s http://127.0.0.1:18191/actuator/health/readiness | grep -q UP; then
      ready=$(( ($(date +%s%N) - launched) / 1000000 )); break
    fi
    sleep 0.05
  done
  [ -n "$ready" ] || { echo "start $i: not ready in 30 s" >&2; exit 1; }
  cores=(); ends=()
  for r in $(seq 1 25); do
    before=$(core)
    end=$(curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' --data-binary @"$body" \
      http://127.0.0.1:18190/softmax)
    after=$(core)
    cores+=("$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.2f", b - a }')")
    ends+=("$(awk -v t="$end" 'BEGIN { printf "%.1f", t * 1000 }')")
  done
  steady_core=$(printf '%s\n' "${cores[@]:20:5}" | sort -n | sed -n 3p)
  steady_end=$(printf '%s\n' "${ends[@]:20:5}" | sort -n | sed -n 3p)
  rows+=("$ready ${cores[0]} ${ends[0]} $steady_core $steady_end")
  echo "start $i: ready ${ready} ms; first request core ${cores[0]} ms, end to end ${ends[0]} ms; steady core ${steady_core} ms, end to end ${steady_end} ms"
  [ -z "$container" ] || docker logs "$container" >/tmp/nnmath-start-"$i".log 2>&1
  stop
done
printf '%s\n' "${rows[@]}" | python3 -c '
import statistics, sys
rows = [list(map(float, line.split())) for line in sys.stdin]
names = ["ready (ms)", "first core (ms)", "first end to end (ms)", "steady core (ms)", "steady end to end (ms)"]
for k, name in enumerate(names):
    col = [r[k] for r in rows]
    print(f"{name:24} min {min(col):8.1f}  median {statistics.median(col):8.1f}  max {max(col):8.1f}")
f = [r[1] / r[3] for r in rows]; e = [r[2] / r[4] for r in rows]
print(f"first / steady, core:        median {statistics.median(f):.2f}  max {max(f):.2f}")
print(f"first / steady, end to end:  median {statistics.median(e):.2f}  max {max(e):.2f}")'
