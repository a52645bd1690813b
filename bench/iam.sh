#!/usr/bin/env bash
# IAM authorization benchmark: what policy evaluation costs per request. Runs, one Basin at a time:
#   - enforced: auth on, a presigned S3 GetObject (4 KiB object) by an IAM user with 10 attached
#     customer managed policies (the one that grants comes last, so every policy is looked at)
#   - root: the same request signed by the root key (auth on, root needs no evaluation)
#   - no_auth: the same request against `--no-auth` (no signature check, no authorization)
# and prints requests/s of each and enforced/no_auth (target >= 0.85). wrk shares the two cores
# with Basin, so figures are lower bounds; the ratio is what matters.
# Usage: bench/iam.sh [seconds-per-phase]   (default 10)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"
port="${BENCH_PORT:-4579}"
for tool in wrk aws curl; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool" >&2; exit 1; }
done

[ "${BASIN_NO_BUILD:-0}" = 1 ] || "$root/basin" build >/dev/null
work="$(mktemp -d)"
pid=""
stop_basin() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
trap 'stop_basin; rm -rf "$work"' EXIT

endpoint="http://127.0.0.1:$port"
printf '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n  signature_version = s3v4\n' >"$work/config"
export AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
as_root() { AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url "$endpoint" "$@"; }

start_basin() { # extra options...
  rm -rf "$work/data"
  mkdir -p "$work/data"
  BASIN_NO_BUILD=1 BASIN_DATA_DIR="$work/data" BASIN_ACCESS_LOG=0 "$root/basin" start --port "$port" "$@" >"$work/basin.log" 2>&1 &
  pid=$!
  until curl -fs "$endpoint/_basin/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/basin.log"; exit 1; }
    sleep 0.05
  done
  head -c 4096 /dev/urandom >"$work/object"
  as_root s3 mb s3://bench >/dev/null
  as_root s3 cp "$work/object" s3://bench/object >/dev/null
}

phase() { # name url
  local name="$1" url="$2"
  curl -fs -o /dev/null "$url" || { echo "bench: $name: the request fails" >&2; curl -s "$url" >&2; exit 1; }
  wrk -t2 -c32 -d5s "$url" >/dev/null # warm-up
  wrk -t2 -c32 -d"${secs}s" --latency "$url" >"$work/$name.txt"
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$name.txt")
  echo "BENCH op=s3_get_object_$name conc=32 requests_per_s=$rps p99=$p99 non2xx=${non2xx:-0}" >&2
  echo "$rps"
}

# ---------------------------------------------------------------- auth on: a user with 10 policies
start_basin
as_root iam create-user --user-name bench-user >/dev/null
for i in $(seq 1 9); do
  doc="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\",\"dynamodb:Query\"],\"Resource\":\"arn:aws:dynamodb:*:*:table/t$i\"},{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::other-$i\",\"Condition\":{\"StringLike\":{\"s3:prefix\":\"p$i/*\"}}}]}"
  arn=$(as_root iam create-policy --policy-name "p$i" --policy-document "$doc" --query Policy.Arn --output text)
  as_root iam attach-user-policy --user-name bench-user --policy-arn "$arn"
done
doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bench","arn:aws:s3:::bench/*"],"Condition":{"IpAddress":{"aws:SourceIp":["127.0.0.0/8","::1/128"]}}}]}'
arn=$(as_root iam create-policy --policy-name p10 --policy-document "$doc" --query Policy.Arn --output text)
as_root iam attach-user-policy --user-name bench-user --policy-arn "$arn"
read -r key secret < <(as_root iam create-access-key --user-name bench-user \
  --query '[AccessKey.AccessKeyId, AccessKey.SecretAccessKey]' --output text)
user_url=$(AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" aws --endpoint-url "$endpoint" s3 presign s3://bench/object --expires-in 3600)
root_url=$(as_root s3 presign s3://bench/object --expires-in 3600)
# Root first: its phase also warms the JIT up for the shared request path, so that the enforced
# phase is not measured on colder code than the others.
root_rps=$(phase root "$root_url")
enforced=$(phase enforced_user_10_policies "$user_url")
stop_basin

# ---------------------------------------------------------------- --no-auth
start_basin --no-auth
no_auth=$(phase no_auth "$(as_root s3 presign s3://bench/object --expires-in 3600)")
stop_basin

awk -v e="$enforced" -v r="$root_rps" -v n="$no_auth" 'BEGIN {
  printf "BENCH op=iam_authorization enforced_rps=%s root_rps=%s no_auth_rps=%s enforced_over_no_auth=%.2f enforced_over_root=%.2f target_ratio=0.85\n", e, r, n, e / n, e / r }'
