#!/usr/bin/env bash
# DynamoDB benchmark (run by hand). Starts Basin as `./basin start` does (same JVM options), then
# bench/DynamoDbLoad.java drives it through the AWS SDK v2 async client (netty) in closed loops of
# 8 and 32 outstanding requests, in one run:
#   - baseline: signed STS GetCallerIdentity (the gateway's floor for a signed JSON/query call)
#   - PutItem and GetItem of 1 KB items (10,000 keys, all present before GetItem runs)
#   - Query of 100 items from a 1,000-item partition
# The load generator shares the machine's cores with Basin; figures are a lower bound.
# Usage: bench/dynamodb.sh [seconds-per-phase]   (default 10)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"
port="${BENCH_PORT:-4578}"

"$root/basin" build >/dev/null
jar="$root/basin-server/target/basin.jar"
data="$(mktemp -d)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data" "$work"' EXIT

# The SDK, from basin-server's test classpath, plus the netty HTTP client (in ~/.m2, not a test
# dependency of the project).
(cd "$root" && mvn -q -B -o dependency:build-classpath -pl basin-server -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null)
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
sdk_version="$(tr ':' '\n' <"$work/cp.txt" | sed -n 's#.*/awssdk/dynamodb/\([^/]*\)/.*#\1#p' | head -1)"
netty_version="$(tr ':' '\n' <"$work/cp.txt" | sed -n 's#.*/io/netty/netty-common/\([^/]*\)/.*#\1#p' | head -1)"
extra="$m2/software/amazon/awssdk/netty-nio-client/$sdk_version/netty-nio-client-$sdk_version.jar"
for a in netty-codec-http2 netty-codec; do
  extra="$extra:$m2/io/netty/$a/$netty_version/$a-$netty_version.jar"
done
for f in ${extra//:/ }; do
  [ -f "$f" ] || { echo "bench: missing $f (mvn dependency:get -Dartifact=...)" >&2; exit 1; }
done
cp="$(cat "$work/cp.txt"):$extra"

BASIN_NO_BUILD=1 BASIN_DATA_DIR="$data" BASIN_ACCESS_LOG=0 "$root/basin" start --port "$port" --quiet >"$work/basin.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/_basin/health" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/basin.log"; exit 1; }
  sleep 0.05
done

java -cp "$cp" "$here/DynamoDbLoad.java" "http://127.0.0.1:$port" "$secs"
echo "targets: conc=32 put_item_1kb >= 8000 ops/s, get_item_1kb >= 12000 ops/s, p99 < 10 ms"

# The same two calls replayed by wrk (C, little CPU per request): one signed request each,
# valid for the 15 minutes of a SigV4 signature. This shows Basin's own capacity when the load
# generator is not the Java SDK competing for the same two cores.
if command -v wrk >/dev/null; then
  table=BenchItems # created by DynamoDbLoad.java, partition key "id"
  value="$(head -c 700 /dev/zero | tr '\0' 'x')"
  put_body="{\"TableName\":\"$table\",\"Item\":{\"id\":{\"S\":\"wrk-0\"},\"v\":{\"S\":\"$value\"}}}"
  get_body="{\"TableName\":\"$table\",\"Key\":{\"id\":{\"S\":\"wrk-0\"}}}"
  wrk_phase() { # name target body
    java -cp "$jar" "$here/SignedJsonLua.java" "127.0.0.1:$port" dynamodb "$2" "$3" >"$work/$1.lua"
    wrk -t2 -c32 -d3s -s "$work/$1.lua" "http://127.0.0.1:$port/" >/dev/null
    wrk -t2 -c32 -d"${secs}s" --latency -s "$work/$1.lua" "http://127.0.0.1:$port/" >"$work/$1.txt"
    echo "BENCH op=$1 generator=wrk_replay conc=32 ops_per_s=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")" \
      "p50=$(awk '$1=="50%" {print $2}' "$work/$1.txt") p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")" \
      "non2xx=$(awk '/Non-2xx/ {n=$NF} END {print n+0}' "$work/$1.txt")"
  }
  wrk_phase put_item_1kb DynamoDB_20120810.PutItem "$put_body"
  wrk_phase get_item_1kb DynamoDB_20120810.GetItem "$get_body"
fi
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "BENCH op=after_load rss_mib=$((rss_kib / 1024))"
