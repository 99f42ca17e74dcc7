#!/usr/bin/env bash
# HTTP benchmark of nnmath next to a bare Spring Boot echo app (bench/echo), both measured in the
# same run on the same machine, so that the ratios between them can be reproduced even where the
# absolute figures cannot.
#
#   scripts/bench-http.sh                       # about 12 minutes with the defaults
#   WARMUP=10 DURATION=5 scripts/bench-http.sh  # a quick look
#   SMALL=0 scripts/bench-http.sh               # the large requests only
#
# Small requests: wrk (closed loop, CONNECTIONS connections over THREADS threads) with one Lua
# script per request (bench/lua), reporting requests/s and p50/p99 latency. Large requests: curl,
# LARGE_WARMUPS unmeasured then LARGE_RUNS measured, reporting the median end-to-end time and
# MB/s (request bytes / time, 1 MB = 10^6 bytes). The large requests that are compared (nnmath
# against the echo app) are sent in turn, one of each a round, so that the background load of a
# shared machine falls on each alike. The echo app binds double[] (one row) or double[][] (a batch)
# as a plain Spring app would; its JsonNode-tree form is a row of its own. Only 127.0.0.1 is ever contacted, every loop
# is bounded in time, and both servers are stopped on exit, whatever happens.
# The report is printed and saved to bench/results/http-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-60}          # seconds of wrk per small target before any measurement
DURATION=${DURATION:-30}      # seconds of wrk per small target, measured
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
LARGE_WARMUPS=${LARGE_WARMUPS:-3}
LARGE_RUNS=${LARGE_RUNS:-10}
SMALL=${SMALL:-1}             # 0: skip the small requests (wrk)
PAIR_ROUNDS=${PAIR_ROUNDS:-5} # rounds in which nnmath's and the echo app's Iris softmax alternate
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
NNMATH_OPTS=${NNMATH_OPTS:-}  # extra JVM options for nnmath (e.g. -Xmx2g), word-split
ECHO_OPTS=${ECHO_OPTS:-}      # the same for the echo app
NNMATH_JAR=target/nnmath-0.1.0-SNAPSHOT.jar
ECHO_JAR=bench/echo/target/echo-0.1.0-SNAPSHOT.jar

# wrk comes from Debian, so that a fresh machine can run this too.
if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# The load at the start, before our own builds add to it: above ~1 on 2 cores, something else is
# competing for the CPU and every figure below is pessimistic.
load_at_start=$(uptime)

echo "building nnmath and bench/echo (tests skipped)..." >&2
# Maven's stdout goes to stderr: stdout carries the report alone.
mvn -q -B package -DskipTests >&2
mvn -q -B -f bench/echo/pom.xml package -DskipTests >&2
python3 bench/make-large-bodies.py bench/data

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # exit runs the EXIT trap

# A failed or stalled request: its evidence (server logs, both servers' threads, the sockets) goes
# to bench/results/http-failure-<date>.txt, then the run stops.
failed() {  # message
  local file pid log
  file=bench/results/http-failure-$(date +%Y-%m-%d-%H%M%S).txt
  mkdir -p bench/results
  {
    echo "$1"; echo
    for log in "$work"/*.log; do echo "== $log (last 30 lines)"; tail -n 30 "$log"; done
    echo "== sockets"; ss -tni state all "( sport = :$nn_port or dport = :$nn_port or sport = :$echo_port or dport = :$echo_port )"
    for pid in "${pids[@]}"; do echo "== threads of $pid"; "$(dirname "$JAVA25")/jcmd" "$pid" Thread.print; done
  } >"$file" 2>&1
  echo "$1 (details in $file)" >&2
  exit 1
}

# Four free loopback ports, asked of the kernel (bind to port 0) rather than guessed.
read -r nn_port nn_mgmt echo_port echo_mgmt < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

# Same JVM, same defaults (heap, GC) for both; nnmath also needs the Vector API module.
# shellcheck disable=SC2086 # the options are meant to be split into words
"$JAVA25" $NNMATH_OPTS --add-modules jdk.incubator.vector -jar "$NNMATH_JAR" --server.address=127.0.0.1 \
  --server.port="$nn_port" --management.server.port="$nn_mgmt" --management.server.address=127.0.0.1 \
  >"$work/nnmath.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
"$JAVA25" $ECHO_OPTS -jar "$ECHO_JAR" --server.address=127.0.0.1 \
  --server.port="$echo_port" --management.server.port="$echo_mgmt" --management.server.address=127.0.0.1 \
  >"$work/echo.log" 2>&1 &
pids+=($!)

for mgmt in "$nn_mgmt" "$echo_mgmt"; do
  up=""
  for _ in $(seq 120); do
    if curl -fsS --max-time 2 "http://127.0.0.1:$mgmt/actuator/health" >/dev/null 2>&1; then up=1; break; fi
    sleep 1
  done
  if [ -z "$up" ]; then
    failed "a server did not come up in 120 s"
  fi
done

NN="http://127.0.0.1:$nn_port"
ECHO="http://127.0.0.1:$echo_port"
# name | URL | Lua script: the echo row sends the very bytes of the nnmath softmax row.
targets=(
  "softmax Iris (nnmath)|$NN/softmax|bench/lua/softmax-iris.lua"
  "echo Iris (echo app)|$ECHO/echo|bench/lua/softmax-iris.lua"
  "cross-entropy Iris|$NN/loss/cross-entropy|bench/lua/cross-entropy.lua"
  "network/forward Iris|$NN/network/forward|bench/lua/network-forward.lua"
  "rnn/forward B1 T10 I4 H8|$NN/rnn/forward|bench/lua/rnn-small.lua"
)

# Each request must succeed before it is timed, a fast 400 being no benchmark: the wrk bodies are
# checked by one second of wrk on a single connection (no queueing, so any non-2xx is a wrong
# body), the large bodies by check().
# The request headers of a large body: JSON, or an OIP binary body with its header length (.hlen).
body_headers() {  # body-file -> curl -H arguments, one a line
  if [ -f "$1.hlen" ]; then
    printf '%s\n' -H 'Content-Type: application/octet-stream' -H "Inference-Header-Content-Length: $(cat "$1.hlen")"
  else
    printf '%s\n' -H 'Content-Type: application/json'
  fi
}
check() {  # url body-file
  local code hdrs
  mapfile -t hdrs < <(body_headers "$2")
  code=$(curl -sS --max-time 120 -o "$work/check.out" -w '%{http_code}' "${hdrs[@]}" \
    -H 'Expect:' --data-binary @"$2" "$1") || true   # a timeout (000) is reported below
  [ "$code" = 200 ] || failed "POST $1 answered $code: $(head -c 600 "$work/check.out")"
}

run_wrk() {  # seconds url script -> the WRK-RESULT line
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --timeout 10s -s "$3" "$2" | grep '^WRK-RESULT'
}

field() { sed -E "s/.* $2=([^ ]+).*/\1/" <<<"$1"; }

[ "$SMALL" = 1 ] || targets=()
for t in "${targets[@]}"; do
  IFS='|' read -r name url script <<<"$t"
  line=$(wrk -t1 -c1 -d1s --timeout 10s -s "$script" "$url" | grep '^WRK-RESULT')
  if [ "$(field "$line" non2xx)" != 0 ] || [ "$(field "$line" requests)" = 0 ]; then
    failed "$name: wrong answers on a single connection ($line)"
  fi
done

# Warm every target first, then measure every target: measuring one right after its own warm-up
# and before the next one's would let later warm-ups recompile code that earlier figures ran.
# Errors while warming are tolerated: while the JVM is cold, nnmath's bulkhead (nnmath.overload.*)
# may answer 503 to requests that waited too long for a place. The measured runs report them.
for t in "${targets[@]}"; do
  IFS='|' read -r name url script <<<"$t"
  echo "warming up $name (${WARMUP} s)..." >&2
  echo "  $(run_wrk "$WARMUP" "$url" "$script")" >&2
done

# The first two targets, nnmath's Iris softmax and the echo app's, are compared: they are measured
# in PAIR_ROUNDS rounds of DURATION / PAIR_ROUNDS seconds each, alternating, so that a burst of
# load from elsewhere falls on both. Their req/s is all requests over all rounds' time, their p50
# and p99 the median of the rounds'.
combine() {  # WRK-RESULT lines on stdin -> one WRK-RESULT line
  python3 -c '
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([\d.]+)", line)) for line in sys.stdin]
requests = sum(int(r["requests"]) for r in rows)
seconds = sum(int(r["requests"]) / float(r["rps"]) for r in rows if float(r["rps"]) > 0)
print("WRK-RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d" % (
    requests / seconds, statistics.median(float(r["p50_ms"]) for r in rows),
    statistics.median(float(r["p99_ms"]) for r in rows), requests,
    sum(int(r["non2xx"]) for r in rows), sum(int(r["socket_errors"]) for r in rows)))'
}
results=()
if [ "${#targets[@]}" -ge 2 ]; then
  round=$(( DURATION / PAIR_ROUNDS > 0 ? DURATION / PAIR_ROUNDS : 1 ))
  pair=("" "")
  for ((r = 0; r < PAIR_ROUNDS; r++)); do
    for k in 0 1; do
      IFS='|' read -r name url script <<<"${targets[k]}"
      echo "measuring $name (round $((r + 1)) of $PAIR_ROUNDS, ${round} s)..." >&2
      pair[k]+="$(run_wrk "$round" "$url" "$script")"$'\n'
    done
  done
  for k in 0 1; do
    IFS='|' read -r name url script <<<"${targets[k]}"
    results+=("$name|$(printf '%s' "${pair[k]}" | combine)")
  done
fi
for t in "${targets[@]:2}"; do
  IFS='|' read -r name url script <<<"$t"
  echo "measuring $name (${DURATION} s)..." >&2
  results+=("$name|$(run_wrk "$DURATION" "$url" "$script")")
done

# Large requests: curl end to end (upload, parse, compute, write, download), times in seconds.
curl_time() {  # url body-file -> "seconds http_code response_bytes"
  local hdrs
  mapfile -t hdrs < <(body_headers "$2")
  curl -sS --max-time 120 -o /dev/null -w '%{time_total} %{http_code} %{size_download}\n' \
    "${hdrs[@]}" -H 'Expect:' --data-binary @"$2" "$1" || true   # 000 on a timeout
}
warm_large() {  # url body-file
  local i
  check "$1" "$2"
  for ((i = 0; i < LARGE_WARMUPS; i++)); do
    [ "$(curl_time "$1" "$2" | cut -d' ' -f2)" = 200 ] || failed "POST $1 failed while warming up"
  done
}
summary() {  # "seconds code bytes" lines on stdin -> "median_s min_s max_s response_bytes"
  python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin]
t = [float(r[0]) for r in rows]
print(f"{statistics.median(t):.4f} {min(t):.4f} {max(t):.4f} {rows[0][2]}")'
}
measure_large() {  # url body-file -> "median_s min_s max_s response_bytes"
  local i out times=()
  for ((i = 0; i < LARGE_RUNS; i++)); do
    out=$(curl_time "$1" "$2")
    [ "$(cut -d' ' -f2 <<<"$out")" = 200 ] || failed "POST $1 failed: $out"
    times+=("$out")
  done
  printf '%s\n' "${times[@]}" | summary
}
# Side by side: LARGE_RUNS rounds, each sending one request to every "url|body-file" in turn.
# Prints one summary line per target, in order.
measure_side_by_side() {  # "url|body-file" ...
  local i k out url body
  local -a files
  for ((k = 1; k <= $#; k++)); do files[k]=$(mktemp -p "$work"); done
  for ((i = 0; i < LARGE_RUNS; i++)); do
    for ((k = 1; k <= $#; k++)); do
      IFS='|' read -r url body <<<"${!k}"
      out=$(curl_time "$url" "$body")
      [ "$(cut -d' ' -f2 <<<"$out")" = 200 ] || failed "POST $url failed: $out"
      echo "$out" >>"${files[k]}"
    done
  done
  for ((k = 1; k <= $#; k++)); do summary <"${files[k]}"; done
}

# A Prometheus timer's _sum and _count, added over the series matching a filter (nnmath only).
# Read before and after the measured runs, they split the server's time into compute and the rest.
prom() {  # metric filter -> "sum count"
  curl -fsS --max-time 10 "http://127.0.0.1:$nn_mgmt/actuator/prometheus" | awk -v m="$1" -v f="$2" '
    index($0, m "_seconds_sum{") == 1 && index($0, f) { s += $NF }
    index($0, m "_seconds_count{") == 1 && index($0, f) { c += $NF }
    END { printf "%.6f %d\n", s, c }'
}
per_request_ms() {  # "sum0 count0" "sum1 count1" -> ms per request between the two readings
  read -r s0 c0 <<<"$1"; read -r s1 c1 <<<"$2"
  awk -v s0="$s0" -v c0="$c0" -v s1="$s1" -v c1="$c1" 'BEGIN { printf "%.1f", (c1 > c0 ? (s1 - s0) / (c1 - c0) * 1000 : 0) }'
}

softmax_body=bench/data/softmax-1m.json
batch_body=bench/data/softmax-10000x100.json
rnn_body=bench/data/rnn-large.json

echo "large: 1M-logit softmax on nnmath and on echo (double[], JsonNode), side by side..." >&2
warm_large "$NN/softmax" "$softmax_body"
warm_large "$ECHO/echo" "$softmax_body"
warm_large "$ECHO/echo/tree" "$softmax_body"
c0=$(prom nnmath_compute 'operation="softmax"'); h0=$(prom http_server_requests 'uri="/softmax"')
mapfile -t side < <(measure_side_by_side "$NN/softmax|$softmax_body" "$ECHO/echo|$softmax_body" \
  "$ECHO/echo/tree|$softmax_body")
c1=$(prom nnmath_compute 'operation="softmax"'); h1=$(prom http_server_requests 'uri="/softmax"')
large_nn=${side[0]}; large_echo=${side[1]}; large_echo_tree=${side[2]}
softmax_compute_ms=$(per_request_ms "$c0" "$c1"); softmax_server_ms=$(per_request_ms "$h0" "$h1")

echo "large: a batch of 10,000 x 100 logits on nnmath and on echo (double[][]), side by side..." >&2
warm_large "$NN/softmax" "$batch_body"
warm_large "$ECHO/echo/rows" "$batch_body"
c0=$(prom nnmath_compute 'operation="softmax"'); h0=$(prom http_server_requests 'uri="/softmax"')
mapfile -t side < <(measure_side_by_side "$NN/softmax|$batch_body" "$ECHO/echo/rows|$batch_body")
c1=$(prom nnmath_compute 'operation="softmax"'); h1=$(prom http_server_requests 'uri="/softmax"')
large_batch_nn=${side[0]}; large_batch_echo=${side[1]}
batch_compute_ms=$(per_request_ms "$c0" "$c1"); batch_server_ms=$(per_request_ms "$h0" "$h1")

echo "large: 1M-logit softmax over the Open Inference Protocol (JSON, binary FP64, binary FP32)..." >&2
oip_json_body=bench/data/oip-softmax-1m.json
oip64_body=bench/data/oip-softmax-1m-fp64.bin
oip32_body=bench/data/oip-softmax-1m-fp32.bin
warm_large "$NN/v2/models/softmax/infer" "$oip_json_body"
large_oip_json=$(measure_large "$NN/v2/models/softmax/infer" "$oip_json_body")
warm_large "$NN/v2/models/softmax/infer" "$oip64_body"
large_oip64=$(measure_large "$NN/v2/models/softmax/infer" "$oip64_body")
warm_large "$NN/v2/models/softmax/infer" "$oip32_body"
large_oip32=$(measure_large "$NN/v2/models/softmax/infer" "$oip32_body")

echo "large: RNN batch on nnmath..." >&2
warm_large "$NN/rnn/forward" "$rnn_body"
c0=$(prom nnmath_compute 'operation="rnn-forward"'); h0=$(prom http_server_requests 'uri="/rnn/forward"')
large_rnn=$(measure_large "$NN/rnn/forward" "$rnn_body")
c1=$(prom nnmath_compute 'operation="rnn-forward"'); h1=$(prom http_server_requests 'uri="/rnn/forward"')
rnn_compute_ms=$(per_request_ms "$c0" "$c1"); rnn_server_ms=$(per_request_ms "$h0" "$h1")

# The report.
mkdir -p bench/results
report=bench/results/http-$(date +%Y-%m-%d-%H%M).txt
{
  echo "nnmath HTTP benchmark, $(date -Is)"
  # The jar is built from the work tree: say so when its sources (tracked or not) differ from HEAD.
  echo "commit:      $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([ -z "$(git status --porcelain -- pom.xml src 2>/dev/null)" ] || echo ' + uncommitted changes in pom.xml/src')"
  echo "machine:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "java:        $("$JAVA25" -version 2>&1 | head -1), default heap and GC${NNMATH_OPTS:+; nnmath: $NNMATH_OPTS}${ECHO_OPTS:+; echo: $ECHO_OPTS}"
  echo "load start:  $load_at_start"
  echo "load end:    $(uptime)"
  echo "settings:    warm-up ${WARMUP} s of wrk per small target (all warmed before any is measured);"
  echo "             measured ${DURATION} s each; wrk -t${THREADS} -c${CONNECTIONS} (closed loop, client on the same 2 cores);"
  echo "             the two Iris softmax rows in ${PAIR_ROUNDS} alternating rounds of $(( DURATION / PAIR_ROUNDS > 0 ? DURATION / PAIR_ROUNDS : 1 )) s each;"
  echo "             large: ${LARGE_WARMUPS} unmeasured + ${LARGE_RUNS} measured curl POSTs each, median shown;"
  echo "             nnmath and echo rows of one size alternate, one request each a round"
  echo
  if [ "$SMALL" = 1 ]; then
  echo "Small requests (wrk)"
  printf '%-28s %10s %9s %9s %9s %7s\n' target req/s p50_ms p99_ms requests errors
  for r in "${results[@]}"; do
    IFS='|' read -r name line <<<"$r"
    printf '%-28s %10s %9s %9s %9s %7s\n' "$name" "$(field "$line" rps)" "$(field "$line" p50_ms)" \
      "$(field "$line" p99_ms)" "$(field "$line" requests)" \
      "$(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))"
  done
  echo "(errors: non-2xx answers, such as nnmath's 503 when its bulkhead stays full, and socket errors;"
  echo " wrk's latencies and req/s count them too, so a row with errors is not a clean figure)"
  nn_rps=$(field "${results[0]#*|}" rps); echo_rps=$(field "${results[1]#*|}" rps)
  echo "softmax Iris req/s, nnmath / echo (double[]): $(awk -v a="$nn_rps" -v b="$echo_rps" 'BEGIN { printf "%.2f", a / b }')"
  echo
  fi
  echo "Large requests (curl, end to end; MB/s = request bytes / median time)"
  printf '%-34s %9s %9s %9s %9s %8s %9s\n' target req_MB resp_MB median_s min_s max_s MB/s
  large_row() {  # name body-file "median min max response_bytes"
    local bytes; bytes=$(stat -c %s "$2"); read -r med lo hi resp <<<"$3"
    printf '%-34s %9.2f %9.2f %9s %9s %8s %9.1f\n' "$1" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" \
      "$(awk -v b="$resp" 'BEGIN { print b / 1e6 }')" "$med" "$lo" "$hi" "$(awk -v b="$bytes" -v t="$med" 'BEGIN { print b / 1e6 / t }')"
  }
  large_row "softmax 1M logits (nnmath)" "$softmax_body" "$large_nn"
  large_row "echo 1M logits (double[])" "$softmax_body" "$large_echo"
  large_row "echo 1M logits (JsonNode tree)" "$softmax_body" "$large_echo_tree"
  large_row "softmax 10000x100 (nnmath)" "$batch_body" "$large_batch_nn"
  large_row "echo 10000x100 (double[][])" "$batch_body" "$large_batch_echo"
  large_row "softmax 1M OIP JSON (nnmath)" "$oip_json_body" "$large_oip_json"
  large_row "softmax 1M OIP binary FP64" "$oip64_body" "$large_oip64"
  large_row "softmax 1M OIP binary FP32" "$oip32_body" "$large_oip32"
  large_row "rnn/forward B8 T500 I64 H256 tanh" "$rnn_body" "$large_rnn"
  ratio() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.3f", a / b }'; }
  echo "softmax 1M median time, nnmath / echo double[]: $(ratio "$large_nn" "$large_echo"); / echo JsonNode: $(ratio "$large_nn" "$large_echo_tree")"
  echo "softmax 10000x100 median time, nnmath / echo double[][]: $(ratio "$large_batch_nn" "$large_batch_echo")"
  echo "OIP binary FP64 / echo: $(ratio "$large_oip64" "$large_echo"); FP32 / echo: $(ratio "$large_oip32" "$large_echo")"
  echo "OIP JSON / nnmath JSON /softmax: $(ratio "$large_oip_json" "$large_nn")"
  echo "nnmath server-side per request (its Prometheus timers, over the measured runs):"
  echo "  softmax 1M: ${softmax_server_ms} ms in http.server.requests, of which ${softmax_compute_ms} ms in nnmath.compute (the core, no JSON)"
  echo "  10000x100:  ${batch_server_ms} ms in http.server.requests, of which ${batch_compute_ms} ms in nnmath.compute"
  echo "  rnn large:  ${rnn_server_ms} ms in http.server.requests, of which ${rnn_compute_ms} ms in nnmath.compute"
} | tee "$report"
echo "saved to $report" >&2
