#!/usr/bin/env bash
# Starts a built stripe-sandbox on a free port against the PostgreSQL that scripts/with-postgres.sh exports, runs
# stripe_flow.py against it, stops the sandbox. For manual runs; the Swift tests do the same in-process.
#
#   scripts/with-postgres.sh Tests/StripeSandboxTests/Python/run_sandbox_flow.sh BINARY [stripe_flow.py args…]
#
# BINARY: e.g. .build/debug/stripe-sandbox. Extra arguments go to stripe_flow.py (e.g. --skip test_clock).
# The sandbox log goes to $SANDBOX_LOG (default: a temporary file, printed at the end on failure).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
binary="${1:?usage: run_sandbox_flow.sh BINARY [flow args…]}"
shift
python="${PAYLINKS_PYTHON:-$root/.venv/bin/python}"
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
log="${SANDBOX_LOG:-$(mktemp "${TMPDIR:-/tmp}/stripe-sandbox.XXXXXX.log")}"
out="${FLOW_OUT:-$(mktemp "${TMPDIR:-/tmp}/stripe-flow-objects.XXXXXX.json")}"

STRIPE_SANDBOX_DATABASE_URL="postgres://$POSTGRES_USER:$POSTGRES_PASSWORD@$POSTGRES_HOST:$POSTGRES_PORT/$POSTGRES_DB" \
STRIPE_SANDBOX_HTTP_PORT="$port" \
STRIPE_SANDBOX_WEBHOOK_RETRY_BASE="${STRIPE_SANDBOX_WEBHOOK_RETRY_BASE:-1s}" \
  "$binary" >"$log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null; wait "$sandbox" 2>/dev/null' EXIT

ready=0
for _ in $(seq 1 100); do
  if "$python" -c "import socket,sys; s=socket.socket(); s.settimeout(0.5); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; then
    ready=1
    break
  fi
  if ! kill -0 "$sandbox" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ "$ready" -ne 1 ]; then
  echo "run_sandbox_flow: the sandbox did not listen on $port; log $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "run_sandbox_flow: sandbox on port $port (log $log), objects → $out" >&2

"$python" "$here/stripe_flow.py" --base "http://127.0.0.1:$port" --key sk_test_paylinks_sandbox \
  --publishable pk_test_paylinks_sandbox --fixtures "$root/Tools/stripe-sandbox/fixtures/stripe-fixtures.json" \
  --out "$out" "$@"
status=$?
if [ "$status" -ne 0 ]; then
  echo "run_sandbox_flow: flow exit status $status; last lines of the sandbox log ($log):" >&2
  tail -20 "$log" >&2
fi
exit "$status"
