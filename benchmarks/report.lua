-- wrk script of `make bench` (benchmarks/bench.py): at the end of a run, one line of JSON
-- after the marker BENCH_JSON. Latencies in microseconds; "status" counts the responses
-- that were not 2xx or 3xx, the other error fields are socket errors.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\": %.0f, \"duration_us\": %.0f, \"bytes\": %.0f, " ..
    "\"requests_per_second\": %.3f, \"p50_us\": %.0f, \"p95_us\": %.0f, \"p99_us\": %.0f, " ..
    "\"max_us\": %.0f, \"status\": %.0f, \"connect\": %.0f, \"read\": %.0f, " ..
    "\"write\": %.0f, \"timeout\": %.0f}\n",
    summary.requests, summary.duration, summary.bytes,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
