#!/usr/bin/env bash
# DynamoDB benchmark (run by hand). Starts Basin as `./basin start` does (same JVM options) and
# drives it with two load generators, one after the other, each signing every request:
#   1. bench/SignedLoad.java: one selector thread, N keep-alive connections, each request signed
#      afresh with the SDK's own SigV4 signer (AwsV4HttpSigner) - about 15 us of CPU per request,
#      so the figures are Basin's; this is the generator the targets are read against.
#   2. bench/DynamoDbLoad.java: the SDK v2 async client (netty), as an application would call;
#      on two shared cores its own CPU bounds the run (compare with its STS line).
# Phases, at 8 and 32 outstanding requests: signed STS GetCallerIdentity (the gateway's floor),
# PutItem and GetItem of 1 KB items (10,000 keys), Query of 100 items from a 1,000-item partition.
# The generators share the machine's two cores with Basin: the figures are a lower bound.
# Usage: bench/dynamodb.sh [seconds-per-phase]   (default 10)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"
port="${BENCH_PORT:-4578}"

"$root/basin" build >/dev/null
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

java -XX:+UseSerialGC -cp "$cp" "$here/SignedLoad.java" "http://127.0.0.1:$port" "$secs" 8,32 \
  2> >(grep -v '^SLF4J' >&2)
java -cp "$cp" "$here/DynamoDbLoad.java" "http://127.0.0.1:$port" "$secs" 2> >(grep -v '^SLF4J' >&2) |
  sed 's/^BENCH op=\([^ ]*\) /BENCH op=\1 generator=sdk_async /'
echo "targets: conc=32 put_item_1kb >= 8000 ops/s, get_item_1kb >= 12000 ops/s, p99 < 10 ms"
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "BENCH op=after_load rss_mib=$((rss_kib / 1024))"
