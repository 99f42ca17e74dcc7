-- Shared by the per-request scripts in this folder (loaded with dofile): wrk calls done() once at
-- the end, and this prints one line that scripts/bench-http.sh parses. wrk's latencies are in
-- microseconds; requests/s is computed over the run's own measured duration.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("WRK-RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end

