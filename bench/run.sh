#!/usr/bin/env bash
# Runs every benchmark in one go and prints markdown tables (paste them into
# docs/results.md with the date and machine):
#   - GEMM: dlc vs oneDNN's dnnl_sgemm, 1 thread and all threads;
#   - models: ResNet-50, MobileNetV2, BERT-base vs onnxruntime, plus compile
#     time;
#   - thread pool: the runtime's cost per parallel region;
#   - fusion: kernel counts and latency with and without --no-fusion.
# Usage: bench/run.sh [--quick]   (--quick: fewer shapes, one model)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
# OpenVINO is a benchmark peer only (not a test dependency).
"${PYTHON:-python3}" -c "import openvino" 2>/dev/null ||
  "${PYTHON:-python3}" -m pip install -q openvino ||
  "${PYTHON:-python3}" -m pip install -q --break-system-packages openvino
BUILD_DIR=${BUILD_DIR:-build}
PYTHON=${PYTHON:-python3}

echo "# dlc benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "## GEMM (f32, C = A*B)"
if [[ ${1:-} == --quick ]]; then
  "$BUILD_DIR/bench/gemm/dlc-bench-gemm" --shapes=512x512x512,128x768x768
  MODELS=(--models mobilenetv2 --rounds 1)
else
  "$BUILD_DIR/bench/gemm/dlc-bench-gemm"
  MODELS=()
fi
echo
echo "## Models (batch 1)"
"$PYTHON" bench/models/bench_models.py --dlc "$BUILD_DIR/tools/dlc/dlc" \
  "${MODELS[@]}"
echo
echo "## Thread pool (cost per parallel region)"
"$BUILD_DIR/bench/threadpool/dlc-bench-threadpool"
echo
echo "## Fusion (dlc with and without --no-fusion)"
"$PYTHON" bench/fusion/bench_fusion.py --dlc "$BUILD_DIR/tools/dlc/dlc"
