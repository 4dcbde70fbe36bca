#!/usr/bin/env bash
# Builds dlc with AddressSanitizer and UndefinedBehaviorSanitizer into
# ${SANITIZE_BUILD_DIR:-build-asan} and runs the lit suite there, or the
# lit paths given (relative to test/). Artifacts the instrumented compiler
# produces are not instrumented; the tests that load the instrumented
# runtime into an uninstrumented Python (ctypes) are marked
# `UNSUPPORTED: asan`. Ends with lit's summary; any sanitizer report fails
# the test that triggered it.
#   scripts/sanitize.sh [TEST_PATH...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build=${SANITIZE_BUILD_DIR:-build-asan}
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/configure.sh "$build" -DDLC_ENABLE_SANITIZERS=ON >/dev/null
cmake --build "$build"
# Leaks are checked too; LLVM's and MLIR's process-lifetime singletons are
# not reported as leaks because they stay reachable.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
paths=("$@")
[[ ${#paths[@]} -gt 0 ]] || paths=(.)
cd "$build/test"
exec /usr/lib/llvm-22/bin/lit -sv "${paths[@]}"
