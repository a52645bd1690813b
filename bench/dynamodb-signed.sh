#!/usr/bin/env bash
# DynamoDB benchmark with a cheap generator that signs every request (run by hand). Starts Basin as
# `./basin start` does (same JVM options), then bench/SignedLoad.java drives it from one selector
# thread over N keep-alive connections (closed loops of 8 and 32 outstanding requests), each
# request freshly SigV4-signed by the SDK v2 signer (new X-Amz-Date, signature over its own body):
#   - baseline: signed STS GetCallerIdentity (the gateway's floor for a signed call)
#   - PutItem and GetItem of 1 KB items (10,000 keys, all present before the phases run)
#   - Query of 100 items from a 1,000-item partition
# Unlike bench/dynamodb.sh (SDK async client, whose own CPU bounds the run) the generator costs
# little; each line reports its CPU per request (gen_cpu_us_per_req), taken from the same cores.
# Usage: bench/dynamodb-signed.sh [seconds-per-phase] [concurrencies]   (defaults 10, 8,32)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"
conc="${2:-8,32}"
port="${BENCH_PORT:-4578}"

"$root/basin" build >/dev/null
data="$(mktemp -d)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$data" "$work"' EXIT

# The SDK's signer (http-auth-aws and what it needs) is on basin-server's test classpath.
(cd "$root" && mvn -q -B -o dependency:build-classpath -pl basin-server -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null)

BASIN_NO_BUILD=1 BASIN_DATA_DIR="$data" BASIN_ACCESS_LOG=0 "$root/basin" start --port "$port" --quiet >"$work/basin.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/_basin/health" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/basin.log"; exit 1; }
  sleep 0.05
done

java -XX:+UseSerialGC -cp "$(cat "$work/cp.txt")" "$here/SignedLoad.java" "http://127.0.0.1:$port" "$secs" "$conc" \
  2> >(grep -v '^SLF4J' >&2)
echo "targets: conc=32 put_item_1kb >= 8000 ops/s, get_item_1kb >= 12000 ops/s, p99 < 10 ms"
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status") # ./basin execs java: $pid is Basin's JVM
echo "BENCH op=after_load rss_mib=$((rss_kib / 1024))"
