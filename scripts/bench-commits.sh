#!/usr/bin/env bash
# Small Iris POST /softmax requests per second of two commits, measured in one run: each is built
# in a clone of its own, then the servers are started one at a time, alternately (A B A B ...), so
# that whatever else the machine does weighs on both alike. Prints each run and the ratio B/A of
# the medians.
#
#   scripts/bench-commits.sh 935bd36 HEAD         # 3 starts each, 30 s warm-up, 20 s measured
#   STARTS=1 WARMUP=10 DURATION=5 scripts/bench-commits.sh HEAD~1 HEAD
#
# Only 127.0.0.1 is contacted; every wait is bounded; the server is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 COMMIT_A COMMIT_B" >&2; exit 2; }
STARTS=${STARTS:-3}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-20}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for side in a b; do
  commit=$([ "$side" = a ] && echo "$1" || echo "$2")
  git clone -q . "$work/$side"
  git -C "$work/$side" checkout -q "$(git rev-parse "$commit")"
  echo "building $side = $commit ($(git rev-parse --short "$commit"))..." >&2
  (cd "$work/$side" && mvn -q -B package -DskipTests >&2)
done

echo "load at start: $(uptime)"
declare -A rates
for i in $(seq "$STARTS"); do
  for side in a b; do
    "$JAVA25" --add-modules=jdk.incubator.vector -Xmx2g -jar "$work/$side/target/nnmath-0.1.0-SNAPSHOT.jar" \
      --server.port=18080 --management.server.port=18081 >"$work/$side.log" 2>&1 &
    pid=$!
    for _ in $(seq 120); do
      curl -s --max-time 2 127.0.0.1:18081/actuator/health/readiness | grep -q '"UP"' && break
      sleep 0.5
    done
    (cd bench/lua && wrk -t2 -c32 -d"${WARMUP}s" --timeout 10s -s softmax-iris.lua http://127.0.0.1:18080/softmax >/dev/null)
    line=$(cd bench/lua && wrk -t2 -c32 -d"${DURATION}s" --timeout 10s --latency -s softmax-iris.lua \
      http://127.0.0.1:18080/softmax)
    if grep -q "Non-2xx" <<<"$line"; then echo "$side: answers other than 2xx" >&2; exit 1; fi
    rate=$(awk '/Requests\/sec/ {print $2}' <<<"$line")
    rates[$side]="${rates[$side]:-} $rate"
    echo "start $i, $side: $rate requests/s, p50 $(awk '/ 50%/ {print $2}' <<<"$line"), p99 $(awk '/ 99%/ {print $2}' <<<"$line")"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ma=$(median <<<"${rates[a]}")
mb=$(median <<<"${rates[b]}")
echo "median requests/s: a $ma, b $mb; b/a = $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", b/a}')"
