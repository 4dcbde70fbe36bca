#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/; only they and what they link) into ${FUZZ_BUILD_DIR:-build-fuzz} and runs each for SECONDS seconds
# (default 60) from its seed corpus in fuzz/corpus/TARGET. A crash, leak or
# sanitizer report fails the script and leaves the input in
# ${FUZZ_BUILD_DIR}/findings/TARGET (make it a regression test).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] ||
  targets=(artifact-metadata artifact-file npy tensor-proto onnx-importer)
build=${FUZZ_BUILD_DIR:-build-fuzz}
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/configure.sh "$build" -DDLC_ENABLE_FUZZERS=ON >/dev/null
cmake --build "$build" --target "${targets[@]/#/dlc-fuzz-}"
status=0
for target in "${targets[@]}"; do
  work="$build/corpus/$target" findings="$build/findings/$target"
  mkdir -p "$work" "$findings"
  log="$build/fuzz-$target.log"
  binary=$(find "$build/fuzz" -name "dlc-fuzz-$target" -type f | head -1)
  if "$binary" -max_total_time="$seconds" \
      -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" "$work" "fuzz/corpus/$target" \
      >"$log" 2>&1; then
    echo "$target: $(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#') executions, no finding"
  else
    echo "$target: FINDING (see $log and $findings)" >&2
    status=1
  fi
done
exit "$status"
