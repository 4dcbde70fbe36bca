#!/usr/bin/env bash
# Configures (once) and builds dlc into ${BUILD_DIR:-build}.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
PYTHON=${PYTHON:-python3}
# Cache hits across clones in other directories (CI builds a fresh clone).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
PYTHON=$PYTHON scripts/configure.sh "$BUILD_DIR"
cmake --build "$BUILD_DIR"
# The Python package (python/dlc), installed in place: `import dlc` finds
# this build's compiler and runtime.
if ! "$PYTHON" -c "import dlc" >/dev/null 2>&1; then
  "$PYTHON" -m pip install -q --no-deps -e python ||
    "$PYTHON" -m pip install -q --no-deps \
      --break-system-packages -e python
fi
