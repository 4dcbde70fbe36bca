#!/usr/bin/env bash
# Set up, build, and run every test (lit: FileCheck, driver, runtime and
# end-to-end numeric tests; pytest: the Python package). Ends with
# "N passed, M failed, K skipped" over both.
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
# The Python package's tests (pytest), counted with lit's.
pylog="$BUILD_DIR/pytest.log"
set +e
DLC_BUILD_DIR="$PWD/$BUILD_DIR" PYTHONPATH="$PWD/python" \
  timeout 900 "${PYTHON:-python3}" -m pytest -q test/Python 2>&1 | tee "$pylog"
pystatus=${PIPESTATUS[0]}
set -e
pycount() { n=$(grep -oP "\b[0-9]+(?= $1)" "$pylog" | tail -1 || true); echo "${n:-0}"; }
passed=$(( passed + $(pycount passed) ))
failed=$(( failed + $(pycount failed) + $(pycount error) ))
skipped=$(( skipped + $(pycount skipped) ))
if [ "$pystatus" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=$pystatus
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "error: no test passed (could not read lit's summary in $log)" >&2
  exit 1
fi
exit "$status"
