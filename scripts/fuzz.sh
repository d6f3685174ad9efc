#!/usr/bin/env bash
# Builds and runs the libFuzzer target for HTTPCore's request parser.
#
#   scripts/fuzz.sh build           compile .build-fuzz/http-parser-fuzzer (only when sources changed)
#   scripts/fuzz.sh run SECONDS     build if needed, then fuzz for SECONDS; exits non-zero on a crash
#
# The fuzzer is every Libraries/HTTPCore source plus Fuzz/HTTPParserFuzzer/*.swift compiled as one module
# with -sanitize=fuzzer,address. Seeds come from Fuzz/HTTPParserFuzzer/corpus (committed); new inputs go to
# .build-fuzz/corpus and crashes to .build-fuzz/artifacts. Save a crash input in
# Tests/HTTPCoreTests/Fixtures/fuzz-regressions/ once it is fixed.
set -euo pipefail
script=$(realpath "$0")
cd "$(dirname "$script")/.."

out=.build-fuzz
binary=$out/http-parser-fuzzer
fuzz_dir=Fuzz/HTTPParserFuzzer

sources() {
  find Libraries/HTTPCore "$fuzz_dir" -name '*.swift' | LC_ALL=C sort
}

build() {
  mkdir -p "$out"
  if [[ -x $binary ]] && [[ -z $(find $(sources) "$script" -newer "$binary" | head -n 1) ]]; then
    return
  fi
  echo "fuzz: compiling $binary"
  local features=(ExistentialAny MemberImportVisibility InternalImportsByDefault NonisolatedNonsendingByDefault)
  local flags=()
  for feature in "${features[@]}"; do flags+=(-enable-upcoming-feature "$feature"); done
  # lld: gold prints hundreds of harmless "cannot export local symbol" warnings for the ASan runtime.
  mapfile -t files < <(sources)
  swiftc -sanitize=fuzzer,address -use-ld=lld -parse-as-library -O -wmo \
    -package-name paylinks -module-name HTTPParserFuzzer -swift-version 6 -warnings-as-errors \
    "${flags[@]}" "${files[@]}" -o "$binary.tmp"
  mv "$binary.tmp" "$binary"
}

run() {
  local seconds=${1:?usage: scripts/fuzz.sh run SECONDS}
  build
  mkdir -p "$out/corpus" "$out/artifacts"
  local log=$out/fuzz.log
  echo "fuzz: running for ${seconds}s (log: $log)"
  local status=0
  "$binary" -max_total_time="$seconds" -max_len=20000 -timeout=5 -rss_limit_mb=2048 \
    -dict="$fuzz_dir/http.dict" -artifact_prefix="$out/artifacts/" -print_final_stats=1 \
    "$out/corpus" "$fuzz_dir/corpus" >"$log" 2>&1 || status=$?

  local runs coverage features
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  coverage=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2 || true)
  features=$(grep -oE 'ft: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2 || true)
  if [[ $status -ne 0 ]]; then
    tail -n 40 "$log"
    local artifact
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "fuzz: FAILED (exit $status) after ${runs:-?} runs; crashing input: ${artifact:-see $log}"
    exit 1
  fi
  echo "fuzz: ok, ${runs:-?} runs in ${seconds}s, coverage ${coverage:-?} edges, ${features:-?} features," \
    "corpus $(find "$out/corpus" -type f | wc -l) inputs"
}

case ${1:-} in
  build) build ;;
  run) run "${2:-60}" ;;
  *)
    echo "usage: scripts/fuzz.sh build | run SECONDS" >&2
    exit 2
    ;;
esac
