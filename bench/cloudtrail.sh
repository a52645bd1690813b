#!/usr/bin/env bash
# CloudTrail recording benchmark: does every authenticated call end up in the event history?
# Starts Basin, replays signed STS GetCallerIdentity with wrk (concurrency 32) for a 5 s warm-up and
# then N seconds, stops Basin cleanly (SIGTERM: the recorder drains its queue), then counts the
# stored events against the requests wrk completed in both runs. Latency is the second run's.
# Usage: bench/cloudtrail.sh [seconds]   (default 10)
# Prints: requests/s, p50, p99, requests sent, events stored, events lost, drain time after wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"
port="${BENCH_PORT:-4578}"
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: install sqlite3" >&2; exit 1; }

[ "${BENCH_NO_BUILD:-0}" = "1" ] || "$root/basin" build >/dev/null
jar="$root/basin-server/target/basin.jar"
data="$(mktemp -d)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data" "$work"' EXIT

BASIN_NO_BUILD=1 BASIN_DATA_DIR="$data" BASIN_ACCESS_LOG=0 \
  BASIN_JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -Xlog:gc:file=$work/gc.log" \
  "$root/basin" start --port "$port" >"$work/basin.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/_basin/health" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/basin.log"; exit 1; }
  sleep 0.01
done

java -cp "$jar" "$here/SignedRequestLua.java" "127.0.0.1:$port" >"$work/request.lua"
# CPU the Basin process spends in the measured run (utime + stime, clock ticks), per request
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# warm-up (its requests are recorded too, and counted)
wrk -t2 -c32 -d5s -s "$work/request.lua" "http://127.0.0.1:$port/" >"$work/warm.txt"
cpu_before=$(cpu_ticks)
wrk -t2 -c32 -d"${secs}s" --latency -s "$work/request.lua" "http://127.0.0.1:$port/" >"$work/wrk.txt"
sleep 1 # lets the recorder catch up: its work belongs to the run
cpu_after=$(cpu_ticks)
stop_ns=$(date +%s%N)
kill -TERM "$pid"
wait "$pid" || true
pid=""
drain_ms=$(( ($(date +%s%N) - stop_ns) / 1000000 ))

sent=$(( $(awk '/requests in/ {print $1}' "$work/warm.txt") + $(awk '/requests in/ {print $1}' "$work/wrk.txt") ))
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
stored=$(sqlite3 "$data/cloudtrail/cloudtrail.db" "SELECT count(*) FROM ct_event WHERE event_name = 'GetCallerIdentity'")
echo "BENCH op=cloudtrail_sts_signed secs=$secs requests_per_s=$rps p50=$p50 p99=$p99 non2xx=${non2xx:-0}"
measured=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
hz=$(getconf CLK_TCK)
echo "BENCH op=cloudtrail_cpu basin_cpu_us_per_request=$(( (cpu_after - cpu_before) * 1000000 / hz / measured ))"
echo "BENCH op=cloudtrail_events sent=$sent stored=$stored lost=$((sent - stored)) stop_ms=$drain_ms"
# young-collection pauses during the run: count, max, sum (ms)
awk '/Pause Young/ { v = $NF; sub(/ms$/, "", v); v += 0; n++; s += v; if (v > m) m = v }
  END { printf "BENCH op=cloudtrail_gc young_pauses=%d max_ms=%.1f total_ms=%.0f\n", n, m, s }' "$work/gc.log"
[ -n "${BENCH_GC_LOG:-}" ] && cp "$work/gc.log" "$BENCH_GC_LOG"
grep -i "warn\|error\|exception" "$work/basin.log" | head -5 || true
