#!/usr/bin/env bash
# Builds and runs every Swift test (unit and integration), then prints the counts.
# Integration tests need POSTGRES_* in the environment: `make test` runs this under scripts/with-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp /tmp/paylinks-tests.XXXXXX)
trap 'rm -f "$log"' EXIT
swift build --build-tests
set +e
swift test --skip-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "== test summary =="
grep -E "^(✔|✘|􁁛|􀢄)? ?Test run with [0-9]+ tests?" "$log" | tail -1 || true
passed=$(grep -cE "Test .* passed after" "$log" || true)
failed=$(grep -cE "Test .* failed after" "$log" || true)
echo "swift-testing: $passed passed, $failed failed (test functions; parameterised cases counted once)"
if [ "$status" -ne 0 ]; then
  echo "FAILED (swift test exit status $status)"
  grep -E "failed after|recorded an issue" "$log" | head -40 || true
fi
exit "$status"
