#!/usr/bin/env bash
# gRPC benchmark: nnmath's Open Inference Protocol over gRPC next to its JSON endpoint, OIP binary
# over HTTP and the bare Spring Boot echo app (bench/echo), all measured in one run by one Java
# client (bench/grpc-driver, through the stub generated from src/main/proto), so that the ratios
# between them can be reproduced even where the absolute figures cannot.
#
#   scripts/bench-grpc.sh                                   # about 5 minutes with the defaults
#   WARMUP_LARGE=5 RUNS=5 SECONDS_SMALL=5 WARMUP_SMALL=5 ROUNDS=1 scripts/bench-grpc.sh  # a quick look
#
# Large: the 1M-logit FP64 softmax of bench/data end to end (request sent, answer read in full),
# next to the same call to a bare grpc-java server that echoes the tensor's bytes and computes
# nothing (bench/grpc-driver's BareGrpcEcho): the floor of the transport and protobuf.
# Each row is called for WARMUP_LARGE seconds (at least WARMUPS times) unmeasured, so that both
# JVMs have compiled its path (nnmath's gRPC call took 95 ms after 3 calls and 17 ms after 300);
# then RUNS rounds call every row once in turn, the median. Small: the Iris softmax, WORKERS
# callers in a closed loop, over gRPC and over HTTP/1.1 JSON, WARMUP_SMALL seconds of each
# unmeasured, then ROUNDS rounds of SECONDS_SMALL of each, the medians; first from the Java driver
# (grpc-java's stub, java.net.http), then from two C load generators, h2load for gRPC and wrk for
# JSON (Debian's nghttp2-client and wrk, installed if missing), whose figures are not bound by the
# Java client's CPU on the same 2 cores. The target (gRPC at least 2 x JSON) is read off the latter.
# Only 127.0.0.1 is contacted; the servers are stopped on exit. The report is printed and saved to
# bench/results/grpc-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUPS=${WARMUPS:-3}
WARMUP_LARGE=${WARMUP_LARGE:-20}
RUNS=${RUNS:-20}
WORKERS=${WORKERS:-32}
SECONDS_SMALL=${SECONDS_SMALL:-10}
WARMUP_SMALL=${WARMUP_SMALL:-20}
ROUNDS=${ROUNDS:-3}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
NNMATH_OPTS=${NNMATH_OPTS:-}  # extra JVM options for nnmath, word-split
NNMATH_JAR=target/nnmath-0.1.0-SNAPSHOT.jar
ECHO_JAR=bench/echo/target/echo-0.1.0-SNAPSHOT.jar
DRIVER_JAR=bench/grpc-driver/target/grpc-driver-0.1.0-SNAPSHOT.jar

if ! command -v wrk >/dev/null || ! command -v h2load >/dev/null; then
  echo "installing wrk and h2load (nghttp2-client) from Debian..." >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nghttp2-client >/dev/null
fi

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
python3 bench/make-grpc-iris.py "$work/grpc-iris.bin"
trap 'exit 130' INT TERM

# Six free loopback ports, asked of the kernel rather than guessed.
read -r nn_port nn_mgmt nn_grpc echo_port echo_mgmt bare_grpc < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
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
# The floor under the gRPC row: a bare grpc-java server that echoes the tensor's bytes (BareGrpcEcho)
"$JAVA25" -jar "$DRIVER_JAR" --serve-bare-echo="$bare_grpc" >"$work/bare-grpc.log" 2>&1 &
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

for _ in $(seq 30); do grep -q "bare grpc-java echo on" "$work/bare-grpc.log" && break; sleep 1; done
grep -q "bare grpc-java echo on" "$work/bare-grpc.log" || { cat "$work/bare-grpc.log" >&2; exit 1; }

report=$(
  echo "nnmath gRPC benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
  echo "load before the builds: $load_at_start"
  driver=$("$JAVA25" -jar "$DRIVER_JAR" --nnmath="http://127.0.0.1:$nn_port" --echo="http://127.0.0.1:$echo_port/echo" \
    --grpc="127.0.0.1:$nn_grpc" --bare-grpc="127.0.0.1:$bare_grpc" --data=bench/data --warmups="$WARMUPS" --large-warmup-seconds="$WARMUP_LARGE" \
    --runs="$RUNS" --workers="$WORKERS" --seconds="$SECONDS_SMALL" --warmup-seconds="$WARMUP_SMALL" --rounds="$ROUNDS")
  printf '%s\n' "$driver"
  # The same small calls from two load generators written in C, so that neither protocol's figure
  # is bound by a Java client's CPU on the same 2 cores: h2load (nghttp2) sends the Iris message of
  # bench/make-grpc-iris.py as gRPC over 4 HTTP/2 connections of 8 streams each, and wrk the Iris
  # JSON over WORKERS connections; WARMUP_SMALL seconds of each, then ROUNDS rounds of both.
  grpc_url="http://127.0.0.1:$nn_grpc/inference.GRPCInferenceService/ModelInfer"
  h2() { h2load -t2 -c4 -m$((WORKERS / 4)) -d "$work/grpc-iris.bin" -H content-type:application/grpc \
    -H te:trailers -D "$1" "$grpc_url"; }
  json() { wrk -t2 -c"$WORKERS" -d"$1"s --timeout 10s -s bench/lua/softmax-iris.lua "http://127.0.0.1:$nn_port/softmax"; }
  h2 "$WARMUP_SMALL" >/dev/null
  json "$WARMUP_SMALL" >/dev/null
  g=(); j=(); ratios=""
  for _ in $(seq "$ROUNDS"); do
    out=$(h2 "$SECONDS_SMALL")
    grep -q " 0 failed, 0 errored, 0 timeout" <<<"$out" || { echo "h2load saw failures: $out" >&2; exit 1; }
    g+=("$(sed -nE 's/^finished in [0-9.]+s, ([0-9.]+) req\/s.*/\1/p' <<<"$out")")
    line=$(json "$SECONDS_SMALL" | grep '^WRK-RESULT')
    [ "$(sed -E 's/.* non2xx=([^ ]+) socket_errors=([^ ]+).*/\1\2/' <<<"$line")" = 00 ] \
      || { echo "wrk saw errors: $line" >&2; exit 1; }
    j+=("$(sed -E 's/.* rps=([^ ]+).*/\1/' <<<"$line")")
    ratios+=" $(awk -v a="${g[-1]}" -v b="${j[-1]}" 'BEGIN { printf "%.2f", a / b }')"
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  # h2load counts HTTP/2 answers; a gRPC error is one too, so the server's own count of calls by status
  not_ok=$(curl -fsS "http://127.0.0.1:$nn_mgmt/actuator/prometheus" | awk '/^grpc_server_seconds_count/ &&
    /rpc_method="ModelInfer"/ && !/grpc_status_code="OK"/ { n += $2 } END { print n + 0 }')
  echo "small, from C load generators: after ${WARMUP_SMALL} s of each, $ROUNDS rounds of ${SECONDS_SMALL} s of each, the medians"
  printf '  %-38s %9.0f req/s   (h2load -t2 -c4 -m%d; calls not OK on the server, whole run: %s)\n' \
    "gRPC, raw FP64 (nnmath)" "$(med "${g[@]}")" $((WORKERS / 4)) "$not_ok"
  printf '  %-38s %9.0f req/s   (wrk -t2 -c%d)\n' "JSON /softmax over HTTP/1.1 (nnmath)" "$(med "${j[@]}")" "$WORKERS"
  awk -v a="$(med "${g[@]}")" -v b="$(med "${j[@]}")" -v r="$ratios" \
    'BEGIN { printf "  gRPC / JSON %.2f x (each round'"'"'s:%s)\n", a / b, r }'
  echo "load at the end: $(uptime)"
)
mkdir -p bench/results
file=bench/results/grpc-$(date -u +%Y-%m-%d-%H%M%S).txt
printf '%s\n' "$report" | tee "$file"
echo "saved to $file" >&2
