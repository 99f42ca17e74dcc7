#!/usr/bin/env bash
# gRPC benchmark: nnmath's Open Inference Protocol over gRPC next to its JSON endpoint, OIP binary
# over HTTP and the bare Spring Boot echo app (bench/echo), all measured in one run by one Java
# client (bench/grpc-driver, through the stub generated from src/main/proto), so that the ratios
# between them can be reproduced even where the absolute figures cannot.
#
#   scripts/bench-grpc.sh                                   # about 3 minutes with the defaults
#   SECONDS_SMALL=5 WARMUP_SMALL=5 RUNS=5 scripts/bench-grpc.sh  # a quick look
#
# Large: the 1M-logit FP64 softmax of bench/data end to end (request sent, answer read in full),
# WARMUPS unmeasured then RUNS measured, the median. Small: the Iris softmax, WORKERS callers in a
# closed loop for SECONDS_SMALL after WARMUP_SMALL unmeasured, over gRPC and over HTTP/1.1 JSON.
# Only 127.0.0.1 is contacted; both servers are stopped on exit. The report is printed and saved to
# bench/results/grpc-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUPS=${WARMUPS:-3}
RUNS=${RUNS:-10}
WORKERS=${WORKERS:-32}
SECONDS_SMALL=${SECONDS_SMALL:-30}
WARMUP_SMALL=${WARMUP_SMALL:-20}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
NNMATH_OPTS=${NNMATH_OPTS:-}  # extra JVM options for nnmath, word-split
NNMATH_JAR=target/nnmath-0.1.0-SNAPSHOT.jar
ECHO_JAR=bench/echo/target/echo-0.1.0-SNAPSHOT.jar
DRIVER_JAR=bench/grpc-driver/target/grpc-driver-0.1.0-SNAPSHOT.jar

load_at_start=$(uptime)
echo "building nnmath, bench/echo and bench/grpc-driver (tests skipped)..." >&2
mvn -q -B package -DskipTests >&2
mvn -q -B -f bench/echo/pom.xml package -DskipTests >&2
mvn -q -B -f bench/grpc-driver/pom.xml package -DskipTests >&2
python3 bench/make-large-bodies.py bench/data

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Five free loopback ports, asked of the kernel rather than guessed.
read -r nn_port nn_mgmt nn_grpc echo_port echo_mgmt < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

# shellcheck disable=SC2086 # the options are meant to be split into words
"$JAVA25" $NNMATH_OPTS --add-modules jdk.incubator.vector -jar "$NNMATH_JAR" --server.address=127.0.0.1 \
  --server.port="$nn_port" --management.server.port="$nn_mgmt" --management.server.address=127.0.0.1 \
  --spring.grpc.server.address=127.0.0.1 --spring.grpc.server.port="$nn_grpc" >"$work/nnmath.log" 2>&1 &
pids+=($!)
"$JAVA25" -jar "$ECHO_JAR" --server.address=127.0.0.1 --server.port="$echo_port" \
  --management.server.port="$echo_mgmt" --management.server.address=127.0.0.1 >"$work/echo.log" 2>&1 &
pids+=($!)

for mgmt in "$nn_mgmt" "$echo_mgmt"; do
  up=""
  for _ in $(seq 120); do
    if curl -fsS --max-time 2 "http://127.0.0.1:$mgmt/actuator/health/readiness" 2>/dev/null | grep -q UP; then
      up=1; break
    fi
    sleep 1
  done
  if [ -z "$up" ]; then
    for log in "$work"/*.log; do echo "== $log"; tail -n 30 "$log"; done >&2
    echo "a server did not come up in 120 s" >&2
    exit 1
  fi
done

report=$(
  echo "nnmath gRPC benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
  echo "load before the builds: $load_at_start"
  "$JAVA25" -jar "$DRIVER_JAR" --nnmath="http://127.0.0.1:$nn_port" --echo="http://127.0.0.1:$echo_port/echo" \
    --grpc="127.0.0.1:$nn_grpc" --data=bench/data --warmups="$WARMUPS" --runs="$RUNS" --workers="$WORKERS" \
    --seconds="$SECONDS_SMALL" --warmup-seconds="$WARMUP_SMALL"
  echo "load at the end: $(uptime)"
)
mkdir -p bench/results
file=bench/results/grpc-$(date -u +%Y-%m-%d-%H%M%S).txt
printf '%s\n' "$report" | tee "$file"
echo "saved to $file" >&2
