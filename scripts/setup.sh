#!/usr/bin/env bash
# Installs everything dlc's build and tests need, idempotently:
# Debian packages (LLVM/MLIR 22, clang, lld, cmake, ninja, ccache, oneDNN for
# the GEMM benchmark; psutil, which lit needs to enforce test/lit.cfg.py's
# per-test time limit) and the
# Python packages the tests use (numpy, onnx, onnxruntime for references;
# pytest for the Python package's tests).
set -euo pipefail

APT_PACKAGES=(llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 lld-22
              libonnx-dev libonnx-testdata libprotobuf-dev libdnnl-dev
              cmake ninja-build ccache g++ python3 python3-pip python3-setuptools
              python3-psutil)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
PIP_PACKAGES=(numpy onnx onnxruntime pytest)
if ! "$PYTHON" -c "import numpy, onnx, onnxruntime, pytest" >/dev/null 2>&1; then
  echo "setup: installing ${PIP_PACKAGES[*]}"
  "$PYTHON" -m pip install -q "${PIP_PACKAGES[@]}" || \
    "$PYTHON" -m pip install -q --break-system-packages "${PIP_PACKAGES[@]}"
fi
