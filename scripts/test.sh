#!/usr/bin/env bash
# Set up, build, and run every test (lit: FileCheck, driver, runtime and
# end-to-end numeric tests). Ends with "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
log="$BUILD_DIR/check-dlc.log"
set +e
cmake --build "$BUILD_DIR" --target check-dlc 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
count() { grep -oP "^\s*$1\s*: *\K[0-9]+" "$log" || echo 0; }
passed=$(count Passed)
failed=$(( $(count Failed) + $(count Unresolved) + $(count "Timed Out") + $(count "Unexpectedly Passed") ))
skipped=$(count Unsupported)
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "error: no test passed (could not read lit's summary in $log)" >&2
  exit 1
fi
exit "$status"
