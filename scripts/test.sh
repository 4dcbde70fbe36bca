#!/usr/bin/env bash
# Set up, build, and run every test (lit: FileCheck, driver, runtime and
# end-to-end numeric tests). Ends with lit's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake --build "$BUILD_DIR" --target check-dlc
