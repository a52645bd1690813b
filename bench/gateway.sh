#!/usr/bin/env bash
# Gateway benchmark (issue: foundation). Measures, in one run on this machine:
#   - startup to healthy (ms) and idle RSS (MiB) of `./basin start`
#   - baseline: Basin's HTTP floor, GET /_basin/health (no service chain, no signature)
#   - signed STS GetCallerIdentity replayed by wrk: requests/s, p50, p99 at concurrency 32
# wrk (Debian package) shares the two cores with Basin; figures are therefore a lower bound.
# Usage: bench/gateway.sh [seconds-per-phase]   (default 15)
#        BENCH_ACCESS_LOG=1 bench/gateway.sh     the same with the per-request access log on
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-15}"
port="${BENCH_PORT:-4577}"
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }

"$root/basin" build >/dev/null
jar="$root/basin-server/target/basin.jar"
data="$(mktemp -d)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data" "$work"' EXIT

start_ns=$(date +%s%N)
BASIN_NO_BUILD=1 BASIN_DATA_DIR="$data" BASIN_ACCESS_LOG="${BENCH_ACCESS_LOG:-0}" "$root/basin" start --port "$port" >"$work/basin.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/_basin/health" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/basin.log"; exit 1; }
  sleep 0.01
done
healthy_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 3
idle_rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "BENCH op=startup healthy_ms=$healthy_ms idle_rss_mib=$((idle_rss_kib / 1024)) target_healthy_ms=1500 target_idle_rss_mib=250"

java -cp "$jar" "$here/SignedRequestLua.java" "127.0.0.1:$port" >"$work/request.lua"

phase() { # name, url, extra wrk args...
  local name="$1" url="$2"; shift 2
  wrk -t2 -c32 -d5s "$@" "$url" >/dev/null            # warm-up
  wrk -t2 -c32 -d"${secs}s" --latency "$@" "$url" >"$work/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$name.txt")
  echo "BENCH op=$name conc=32 requests_per_s=$rps p50=$p50 p99=$p99 non2xx=${non2xx:-0}"
}

phase health_baseline "http://127.0.0.1:$port/_basin/health"
phase sts_get_caller_identity_signed "http://127.0.0.1:$port/" -s "$work/request.lua"
echo "targets: signed >= 15000 requests/s, p99 < 5ms (access log: ${BENCH_ACCESS_LOG:-0})"
after_rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "BENCH op=after_load rss_mib=$((after_rss_kib / 1024))"
