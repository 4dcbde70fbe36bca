#!/usr/bin/env bash
# The main job: set up, build, compile the bundled CNN for the CPU and run it
# on a random image.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
DLC="$BUILD_DIR/tools/dlc/dlc"
"$DLC" compile examples/cnn.mlir --target=cpu -o "$BUILD_DIR/cnn.so"
"$DLC" inspect "$BUILD_DIR/cnn.so"
"$DLC" run "$BUILD_DIR/cnn.so" --input=1x3x32x32xf32=random --benchmark=20
