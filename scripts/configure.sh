#!/usr/bin/env bash
# Configures dlc into BUILD_DIR (once: an existing build.ninja is kept) with
# the project's compilers and ccache; extra arguments go to cmake (options
# such as -DDLC_ENABLE_FUZZERS=ON). Used by build.sh, fuzz.sh, sanitize.sh.
#   scripts/configure.sh BUILD_DIR [CMAKE_ARG...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
shift
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -G Ninja -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DPython3_EXECUTABLE="$(command -v "${PYTHON:-python3}")" "$@"
fi
