#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets (MOSAIC_FUZZ=1, -sanitize=fuzzer,address, in .build-fuzz)
# and runs each for FUZZ_SECONDS; crashers are copied into Tests/Fuzz/regressions/<target>/, which
# `make test` replays (Tests/MosaicFuzzTests). Figures: .build-fuzz/fuzz-summary.txt.
#   FUZZ_SECONDS=60        seconds per target
#   FUZZ_TARGETS="a b"     targets to run (default: all)
#   FUZZ_PARALLEL=1        targets run at once
#   FUZZ_WRITE_SEEDS=1     first rewrite Tests/Fuzz/corpus/<target>/seed-* from the harness's seeds (FuzzSeeds)
#   FUZZ_CONFIG=release    build configuration (release: optimised, still with ASan; debug: faster to build)
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-1}
FUZZ_CONFIG=${FUZZ_CONFIG:-release}
case "$FUZZ_CONFIG" in release | debug) ;; *) echo "fuzz: FUZZ_CONFIG must be release or debug, not '$FUZZ_CONFIG'" >&2; exit 2 ;; esac
SCRATCH=.build-fuzz
# target and -max_len (keep in step with FuzzTarget.maxLength)
declare -A MAX_LEN=(
  [pull-request]=1024 [pull-response]=32768 [commit]=8192 [signature]=2048 [node-config]=4096
  [member-file]=4096 [csv-import]=16384 [json-import]=16384 [search]=512
)
TARGETS=${FUZZ_TARGETS:-"pull-request pull-response commit signature node-config member-file csv-import json-import search"}

flags=(--scratch-path "$SCRATCH" -c "$FUZZ_CONFIG" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
for target in $TARGETS; do
  [ -n "${MAX_LEN[$target]:-}" ] || { echo "fuzz: unknown target '$target'" >&2; exit 2; }
  echo "fuzz: building fuzz-$target"
  MOSAIC_FUZZ=1 $SWIFT build "${flags[@]}" --product "fuzz-$target"
done
bin=$(MOSAIC_FUZZ=1 $SWIFT build "${flags[@]}" --show-bin-path)

run_one() {
  local target=$1 bin=$2 seconds=$3 maxlen=$4
  local work=.build-fuzz/corpus/$target artifacts=.build-fuzz/artifacts/$target/ log=.build-fuzz/logs/$target.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")" "Tests/Fuzz/regressions/$target"
  # Leak checks are off: the Swift runtime's and Foundation's caches read as leaks to LeakSanitizer.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$bin/fuzz-$target" \
    -max_len="$maxlen" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -detect_leaks=0 \
    -print_final_stats=1 -dict=Tests/Fuzz/mosaic.dict -artifact_prefix="$artifacts" \
    "$work" "Tests/Fuzz/corpus/$target" "Tests/Fuzz/regressions/$target" >"$log" 2>&1 || true
  local crashes=0
  for file in "$artifacts"crash-* "$artifacts"timeout-* "$artifacts"oom-*; do
    [ -e "$file" ] || continue
    mv "$file" "Tests/Fuzz/regressions/$target/"  # moved: a later run does not count it again
    crashes=$((crashes + 1))
  done
  local execs rate
  execs=$(awk '/stat::number_of_executed_units:/ {n = $2} END {print n}' "$log")
  rate=$(awk '/stat::average_exec_per_sec:/ {n = $2} END {print n}' "$log")
  printf '%-14s %12s execs %8s exec/s %4s crashers  (%s s, log %s)\n' "$target" "${execs:-?}" "${rate:-?}" "$crashes" "$seconds" "$log"
}
export -f run_one

mkdir -p "$SCRATCH"
if [ "${FUZZ_WRITE_SEEDS:-0}" = 1 ]; then
  for target in $TARGETS; do
    printf '' >"$SCRATCH/empty-input"
    MOSAIC_FUZZ_WRITE_SEEDS="Tests/Fuzz/corpus/$target" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
      "$bin/fuzz-$target" -detect_leaks=0 "$SCRATCH/empty-input" >/dev/null 2>&1
    echo "fuzz: seeds of $target in Tests/Fuzz/corpus/$target"
  done
fi
for target in $TARGETS; do echo "$target ${MAX_LEN[$target]}"; done \
  | xargs -P "$FUZZ_PARALLEL" -L 1 bash -c 'run_one "$0" "'"$bin"'" "'"$FUZZ_SECONDS"'" "$1"' \
  | tee "$SCRATCH/fuzz-summary.txt"
if grep -qv ' 0 crashers' "$SCRATCH/fuzz-summary.txt"; then
  echo "fuzz: crashers copied into Tests/Fuzz/regressions/ (replayed by make test): fix them" >&2
  exit 1
fi
