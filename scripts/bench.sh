#!/usr/bin/env bash
# `make bench`: wrk on loopback against the platform started by `paylinks up` (release build, fresh data
# directory, logs at warning level) and against the Hummingbird 2 + postgres-nio reference server
# (../shared/bench/run-peer.sh), measured in the same run; results go to BENCHMARKS.md between the
# `bench:begin`/`bench:end` markers.
#
#   (a) plaintext served directly by a service: catalog `GET /api/v1/ping` with a signed identity assertion
#   (b) the same through the gateway (bearer-less: the gateway signs an anonymous assertion); wrk is one client
#       IP, so the gateway's rate limits are set so high they never trigger, but they are still checked
#   (c) one indexed SELECT on a 100 000-row table: catalog `GET /api/v1/paylinks/public/{slug}` (random slug),
#       directly, and (d) through the gateway
#
# Env: CONNS (64) THREADS (2) DURATION (10) ROUNDS (3) BIN (.build/release) PEER_DIR (/tmp/peer-hummingbird; first build ~14 min)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
CONNS=${CONNS:-64} THREADS=${THREADS:-2} DURATION=${DURATION:-10} ROUNDS=${ROUNDS:-3}
export PEER_DIR=${PEER_DIR:-/tmp/peer-hummingbird}
bin=${BIN:-.build/release}
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
for product in paylinks auth catalog payments messaging gateway stripe-sandbox; do
  [ -x "$bin/$product" ] || { echo "missing $bin/$product: run 'make bench' (it builds them)" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
data=$(mktemp -d /tmp/paylinks-bench.XXXXXX)
chmod 755 "$data"
gateway_port=$(free_port) catalog_port=$(free_port) pg_port=$(free_port)
env PAYLINKS_DATA_DIR="$data" PAYLINKS_PUBLIC_PORT="$gateway_port" PAYLINKS_POSTGRES_PORT="$pg_port" \
  AUTH_HTTP_PORT="$(free_port)" CATALOG_HTTP_PORT="$catalog_port" PAYMENTS_HTTP_PORT="$(free_port)" \
  MESSAGING_HTTP_PORT="$(free_port)" STRIPE_SANDBOX_HTTP_PORT="$(free_port)" CATALOG_DATABASE_POOL_SIZE=16 \
  STRIPE_SANDBOX_LOG_LEVEL=warning AUTH_LOG_LEVEL=warning CATALOG_LOG_LEVEL=warning PAYMENTS_LOG_LEVEL=warning MESSAGING_LOG_LEVEL=warning \
  GATEWAY_RATE_LIMIT_IP=100000000/1s GATEWAY_RATE_LIMIT_USER=100000000/1s \
  GATEWAY_LOG_LEVEL=warning "$bin/paylinks" up >"$data/platform.log" 2>&1 &
launcher=$!
cleanup() {
  kill -TERM "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$gateway_port/readyz" >/dev/null && break
  kill -0 "$launcher" 2>/dev/null || { tail -30 "$data/platform.log"; exit 1; }
  sleep 0.1
done
curl -sf "http://127.0.0.1:$gateway_port/readyz" >/dev/null || { tail -30 "$data/platform.log"; exit 1; }

# The 100 000-row table: the catalog's own paylinks table, loaded as the superuser over the cluster socket.
psql=(psql -h "$data/run" -p "$pg_port" -U postgres -qX -v ON_ERROR_STOP=1)
"${psql[@]}" -d paylinks <<'SQL'
INSERT INTO catalog.paylinks (id, seller_id, slug, title, price_type, service_type, amount, currency, created_at,
                              updated_at)
SELECT gen_random_uuid(), '01937a7e-0000-7000-8000-000000000001', 'pl-' || lpad(i::text, 6, '0'),
       'Invoice #' || i, 'FIXED', 'SERVICE', 100 + (i * 7919) % 100000, (ARRAY['RON', 'EUR', 'GBP'])[1 + i % 3],
       timestamptz '2025-01-01 00:00:00+00' + i * interval '1 minute',
       timestamptz '2025-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, 100000) i;
VACUUM ANALYZE catalog.paylinks;
SQL
# The reference server's database on the same cluster, reachable over TCP like our services (trust, loopback).
sed -i '1i host all postgres 127.0.0.1/32 trust' "$data/postgres/pg_hba.conf"
"${psql[@]}" -d postgres -c 'SELECT pg_reload_conf()' >/dev/null

secret() { sed -n "s/^$1=//p" "$data/local.env"; }
identity() { PAYLINKS_INTERNAL_KEY=$(secret PAYLINKS_INTERNAL_KEY) "$bin/paylinks" identity catalog; }

# Each route is measured ROUNDS times, ours and the reference interleaved round by round; the table shows
# the run with the median requests/s (this machine varies by ±15% between consecutive 10 s runs).
declare -A samples rps p50 p99
record() { samples[$1]+="$2 $3 $4;"; }
measure() { # name, wrk arguments...
  local name=$1
  shift
  local output non2xx
  output=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$output")
  if [ -n "$non2xx" ]; then
    echo "$name: $non2xx non-2xx responses, figures are not valid; one response:" >&2
    echo "$output" >&2
    tail -20 "$data/platform.log" >&2
    exit 1
  fi
  record "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$output")" "$(awk '$1 == "50%" {print $2}' <<<"$output")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$output")"
}
median() { # name: sets rps/p50/p99 from the sample with the median requests/s
  local line
  line=$(tr ';' '\n' <<<"${samples[$1]}" | sed '/^$/d' | sort -n -k1,1 | awk '{ lines[NR] = $0 } END { print lines[int((NR + 1) / 2)] }')
  read -r rps[$1] p50[$1] p99[$1] <<<"$line"
}

direct="http://127.0.0.1:$catalog_port"
through="http://127.0.0.1:$gateway_port"
for round in $(seq 1 "$ROUNDS"); do
  measure direct-plain -H "X-PayLinks-Identity: $(identity)" "$direct/api/v1/ping"
  measure gateway-plain "$through/api/v1/ping"
  measure direct-db -H "X-PayLinks-Identity: $(identity)" -s scripts/bench/db-public.lua "$direct"
  measure gateway-db -s scripts/bench/db-public.lua "$through"
  peer_output=$(PG_HOST=127.0.0.1 PG_PORT=$pg_port PG_USER=postgres PG_DB=bench_peer PORT=$(free_port) \
    CONNS=$CONNS THREADS=$THREADS DURATION=$DURATION ../shared/bench/run-peer.sh all)
  for name in hummingbird-plain hummingbird-json hummingbird-db; do
    record "$name" $(awk -v n="$name" '$2 == n { for (i = 3; i <= NF; i++) { split($i, kv, "="); printf "%s ", kv[2] } }' \
      <<<"$peer_output")
  done
  echo "round $round/$ROUNDS done"
done
for name in direct-plain gateway-plain direct-db gateway-db hummingbird-plain hummingbird-json hummingbird-db; do
  median "$name"
  printf '%-18s median rps=%s p50=%s p99=%s   (all: %s)\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" \
    "$(tr ';' '\n' <<<"${samples[$name]}" | awk 'NF { printf "%s ", $1 }')"
done
peer() { case $2 in rps) echo "${rps[$1]}" ;; p50) echo "${p50[$1]}" ;; p99) echo "${p99[$1]}" ;; esac; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
all() { tr ';' '\n' <<<"${samples[$1]}" | awk 'NF { printf "%s%.0f", sep, $1; sep = " / " }'; }

date=$(date -u +%Y-%m-%dT%H:%MZ)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
section=$(cat <<MD
<!-- bench:begin (written by scripts/bench.sh; edits between the markers are overwritten) -->
## \`make bench\` — $date, commit $commit

\`wrk -t$THREADS -c$CONNS -d${DURATION}s --latency\` on loopback, $ROUNDS rounds with ours and the reference interleaved, everything on this 2-core machine (wrk
included); the platform from \`paylinks up\` (release build, services logging at \`warning\`), the reference from
\`../shared/bench/run-peer.sh all\` (Hummingbird 2 + postgres-nio, release) in the same run, both against the same
PostgreSQL cluster over TCP.

| route | requests/s (median of $ROUNDS) | p50 | p99 | ratio | every run, requests/s |
|---|---|---|---|---|---|
| (a) catalog \`GET /api/v1/ping\` direct (plaintext, identity verified) | ${rps[direct-plain]} | ${p50[direct-plain]} | ${p99[direct-plain]} | **$(ratio "${rps[direct-plain]}" "$(peer hummingbird-plain rps)")×** Hummingbird plaintext | $(all direct-plain) |
| (b) the same through the gateway | ${rps[gateway-plain]} | ${p50[gateway-plain]} | ${p99[gateway-plain]} | **$(ratio "${rps[gateway-plain]}" "${rps[direct-plain]}")×** of direct | $(all gateway-plain) |
| (c) catalog \`GET /api/v1/paylinks/public/{slug}\` direct (one indexed SELECT, 100 000 rows) | ${rps[direct-db]} | ${p50[direct-db]} | ${p99[direct-db]} | **$(ratio "${rps[direct-db]}" "$(peer hummingbird-db rps)")×** Hummingbird + postgres-nio | $(all direct-db) |
| (d) the same through the gateway | ${rps[gateway-db]} | ${p50[gateway-db]} | ${p99[gateway-db]} | $(ratio "${rps[gateway-db]}" "${rps[direct-db]}")× of direct | $(all gateway-db) |
| Hummingbird 2 \`GET /plaintext\` | $(peer hummingbird-plain rps) | $(peer hummingbird-plain p50) | $(peer hummingbird-plain p99) | 1.00× | $(all hummingbird-plain) |
| Hummingbird 2 \`GET /json\` | $(peer hummingbird-json rps) | $(peer hummingbird-json p50) | $(peer hummingbird-json p99) | | $(all hummingbird-json) |
| Hummingbird 2 + postgres-nio \`GET /db/{slug}\` | $(peer hummingbird-db rps) | $(peer hummingbird-db p50) | $(peer hummingbird-db p99) | 1.00× | $(all hummingbird-db) |

Goals (issue 3): (a) ≥ 1.0× Hummingbird, (b) ≥ 0.50× of direct, (c) ≥ 1.0× Hummingbird + postgres-nio.
Our DB route does more than the reference's: it selects 23 columns and encodes the full public payment link,
and verifies the signed identity assertion; the reference selects 6 columns.

Reproduce: \`make bench\` (or \`scripts/bench.sh\` after the release build; \`CONNS\`, \`THREADS\`, \`DURATION\`).
<!-- bench:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
path, section = "BENCHMARKS.md", sys.argv[1]
text = open(path).read()
pattern = re.compile(r"<!-- bench:begin.*?<!-- bench:end -->", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "BENCHMARKS.md updated"
