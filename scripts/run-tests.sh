#!/usr/bin/env bash
# Builds and runs every Swift test target (unit and integration), one target per test process, then prints
# the counts. Integration tests need POSTGRES_* in the environment: `make test` runs this under
# scripts/with-postgres.sh.
#
# One process per target: the cooperative pool has only 2 threads here, and several suites deliberately
# check that nothing blocks it; running every suite of every module in parallel in one process makes those
# checks measure each other. Each target gets TEST_TIMEOUT seconds (default 900).
set -uo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests || exit 1
timeout_s=${TEST_TIMEOUT:-900}
logdir=$(mktemp -d /tmp/paylinks-tests.XXXXXX)
trap 'rm -rf "$logdir"' EXIT
total=0 failed_targets=()
for dir in Tests/*Tests; do
  target=$(basename "$dir")
  echo "== $target"
  timeout --kill-after=10 "$timeout_s" swift test --skip-build --filter "^$target\." >"$logdir/$target.log" 2>&1
  status=$?
  summary=$(grep -a -E "Test run with [0-9]+ tests?" "$logdir/$target.log" | tail -1)
  count=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' <<<"$summary")
  total=$((total + ${count:-0}))
  echo "   ${summary:-no summary}"
  if [ "$status" -ne 0 ] || [ -z "$count" ]; then
    [ "$status" -eq 124 ] && echo "   TIMED OUT after ${timeout_s}s"
    grep -a -E "failed after|recorded an issue|error:|Fatal|Crash" "$logdir/$target.log" | head -40
    tail -c 1500 "$logdir/$target.log" | tr -c "[:print:]\n" "?"
    failed_targets+=("$target")
  fi
done
echo
echo "== test summary: $total tests run in $(ls -d Tests/*Tests | wc -l) targets"
if [ ${#failed_targets[@]} -gt 0 ]; then
  echo "FAILED: ${failed_targets[*]}"
  exit 1
fi
echo "all passed"
