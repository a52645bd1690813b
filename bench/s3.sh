#!/usr/bin/env bash
# S3 benchmark. Measures, in one run on this machine, each figure beside its baseline:
#   - baselines: sequential fsynced disk write (fio, 1 MiB blocks, 1 GiB, end_fsync, in the data
#     directory's filesystem) and loopback TCP bandwidth (iperf3, 127.0.0.1, one stream)
#   - 4 KiB GET and PUT, operations/s at concurrency 8 and 32 (wrk)
#   - 1 MiB and 64 MiB GET and PUT, MiB/s at concurrency 1 and 4 (wrk; large PUTs with parallel
#     `curl --upload-file` if BENCH_CURL_PUT=1)
# Requests are presigned URLs (bench/S3Presign.java), replayed unchanged for their one-hour
# validity. PUTs rewrite one key per phase (S3: the latest write wins). wrk, curl and iperf3 share
# the machine's cores with Basin, so every figure is a lower bound of what Basin alone would do.
# Usage: bench/s3.sh [seconds-per-phase]   (default 10)
#        BENCH_DATA_PARENT=/some/fs bench/s3.sh   data directory (and fio file) on another filesystem
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"
port="${BENCH_PORT:-4578}"
iperf_port="${BENCH_IPERF_PORT:-5299}"
parent="${BENCH_DATA_PARENT:-${TMPDIR:-/tmp}}"
for tool in wrk fio iperf3 jq curl; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool (apt-get install $tool)" >&2; exit 1; }
done

[ "${BASIN_NO_BUILD:-0}" = 1 ] || "$root/basin" build >/dev/null
jar="$root/basin-server/target/basin.jar"
data="$(mktemp -d -p "$parent" basin-s3bench-data.XXXXXX)"
work="$(mktemp -d -p "$parent" basin-s3bench-work.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$data" "$work"' EXIT

mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1048576 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }

# ---------------------------------------------------------------- baselines (Basin not running)
fio --name=s3bench --directory="$work" --rw=write --bs=1M --size=1G --end_fsync=1 \
  --output-format=json >"$work/fio.json"
rm -f "$work"/s3bench.*
disk_bps=$(jq '.jobs[0].write.bw_bytes' "$work/fio.json")
disk_mib=$(mib "$disk_bps")
echo "BENCH op=baseline_disk_seq_write_fsynced mib_per_s=$disk_mib (fio bs=1M size=1G end_fsync=1 on $(df --output=fstype "$work" | tail -1))"

iperf3 -s -1 -p "$iperf_port" >/dev/null 2>&1 &
iperf_pid=$!
sleep 0.5
iperf3 -c 127.0.0.1 -p "$iperf_port" -t 5 -J >"$work/iperf.json"
wait "$iperf_pid" 2>/dev/null || true
loop_mib=$(mib "$(jq '.end.sum_received.bits_per_second / 8' "$work/iperf.json")")
echo "BENCH op=baseline_loopback_tcp mib_per_s=$loop_mib (iperf3 127.0.0.1 one stream 5s)"

# ---------------------------------------------------------------- Basin
start_ns=$(date +%s%N)
BASIN_NO_BUILD=1 BASIN_DATA_DIR="$data" BASIN_ACCESS_LOG=0 "$root/basin" start --port "$port" \
  >"$work/basin.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/_basin/health" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/basin.log"; exit 1; }
  sleep 0.01
done
echo "BENCH op=startup healthy_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))"

host="127.0.0.1:$port"
mapfile -t urls < <(java -cp "$jar" "$here/S3Presign.java" "$host" \
  PUT /bench \
  GET /bench/get-4k PUT /bench/get-4k PUT /bench/put-4k \
  GET /bench/get-1m PUT /bench/get-1m PUT /bench/put-1m \
  GET /bench/get-64m PUT /bench/get-64m PUT /bench/put-64m)
declare -A get_url put_url
get_url[4k]="${urls[1]}";  put_url[get-4k]="${urls[2]}";  put_url[4k]="${urls[3]}"
get_url[1m]="${urls[4]}";  put_url[get-1m]="${urls[5]}";  put_url[1m]="${urls[6]}"
get_url[64m]="${urls[7]}"; put_url[get-64m]="${urls[8]}"; put_url[64m]="${urls[9]}"
declare -A bytes=([4k]=4096 [1m]=1048576 [64m]=67108864)

curl -fsS -X PUT "${urls[0]}" >/dev/null
for size in 4k 1m 64m; do
  head -c "${bytes[$size]}" /dev/urandom >"$work/body-$size"
  curl -fsS --upload-file "$work/body-$size" "${put_url[get-$size]}" >/dev/null
  cat >"$work/put-$size.lua" <<EOF
wrk.method = "PUT"
local f = assert(io.open("$work/body-$size", "rb"))
wrk.body = f:read("*a")
f:close()
EOF
done

# Basin's CPU time so far (user + system), in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)

# run NAME CONC URL [wrk args...]: prints requests/s; fails the run on any non-2xx answer. Keeps
# Basin's CPU use during the measured run in $work/NAME.cpu (percent of one core).
run() {
  local name="$1" conc="$2" url="$3"; shift 3
  local threads=$(( conc < 2 ? 1 : 2 )) t0 t1
  wrk -t"$threads" -c"$conc" -d3s --timeout 60s "$@" "$url" >/dev/null # warm-up
  t0=$(ticks)
  wrk -t"$threads" -c"$conc" -d"${secs}s" --timeout 60s --latency "$@" "$url" >"$work/$name.txt"
  t1=$(ticks)
  echo $(( (t1 - t0) * 100 / hz / secs )) >"$work/$name.cpu"
  if grep -q -e Non-2xx -e 'Socket errors' "$work/$name.txt"; then
    echo "bench: $name had errors:" >&2; cat "$work/$name.txt" >&2; exit 1
  fi
  awk '/Requests\/sec/ {print $2}' "$work/$name.txt"
}
p99() { awk '$1=="99%" {print $2}' "$work/$1.txt"; }
cpu() { echo "basin_cpu=$(cat "$work/$1.cpu")%"; }

echo "note: wrk and curl share the machine's $(nproc) cores with Basin (basin_cpu: percent of one" \
  "core; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
for conc in 8 32; do
  ops=$(run get_4k_c$conc $conc "${get_url[4k]}")
  echo "BENCH op=get_4k conc=$conc ops_per_s=$ops p99=$(p99 get_4k_c$conc) $(cpu get_4k_c$conc) target_c32=10000"
  ops=$(run put_4k_c$conc $conc "${put_url[4k]}" -s "$work/put-4k.lua")
  echo "BENCH op=put_4k conc=$conc ops_per_s=$ops p99=$(p99 put_4k_c$conc) $(cpu put_4k_c$conc) target_c32=3000"
done

# curl_puts SIZE CONC: MiB/s of CONC parallel `curl --upload-file` loops for secs seconds.
curl_puts() {
  local size="$1" conc="$2" end=$(( $(date +%s) + secs )) t0 t1 count=0
  t0=$(date +%s%N)
  for ((i = 0; i < conc; i++)); do
    ( n=0; while [ "$(date +%s)" -lt "$end" ]; do
        curl -fsS --upload-file "$work/body-$size" "${put_url[$size]}" >/dev/null; n=$((n + 1))
      done; echo "$n" >"$work/curl-$i" ) &
  done
  wait
  t1=$(date +%s%N)
  for ((i = 0; i < conc; i++)); do count=$(( count + $(cat "$work/curl-$i") )); done
  awk -v n="$count" -v b="${bytes[$size]}" -v ns=$(( t1 - t0 )) \
    'BEGIN { printf "%.0f", n * b / 1048576 / (ns / 1e9) }'
}

for size in 1m 64m; do
  for conc in 1 4; do
    rps=$(run get_${size}_c$conc $conc "${get_url[$size]}")
    rate=$(mib "$(awk -v r="$rps" -v b="${bytes[$size]}" 'BEGIN { print r * b }')")
    echo "BENCH op=get_$size conc=$conc mib_per_s=$rate loopback_mib_per_s=$loop_mib" \
      "$(cpu get_${size}_c$conc) pct_of_loopback=$(pct "$rate" "$loop_mib") target_pct=70"
    if [ "${BENCH_CURL_PUT:-0}" = 1 ]; then
      t0=$(ticks)
      rate=$(curl_puts "$size" "$conc"); how=curl
      echo $(( ($(ticks) - t0) * 100 / hz / secs )) >"$work/put_${size}_c$conc.cpu"
    else
      rps=$(run put_${size}_c$conc $conc "${put_url[$size]}" -s "$work/put-$size.lua")
      rate=$(mib "$(awk -v r="$rps" -v b="${bytes[$size]}" 'BEGIN { print r * b }')"); how=wrk
    fi
    echo "BENCH op=put_$size conc=$conc mib_per_s=$rate disk_mib_per_s=$disk_mib" \
      "$(cpu put_${size}_c$conc) pct_of_disk=$(pct "$rate" "$disk_mib") target_pct=70 client=$how"
  done
done
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "BENCH op=after_load rss_mib=$((rss_kib / 1024))"
