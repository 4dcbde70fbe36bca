#!/usr/bin/env bash
# The GPU checks, run on a lent device machine (no LLVM there) on a kit that
# bench/cuda/make_kit.py built here:
#   python3 bench/cuda/make_kit.py --dlc build/tools/dlc/dlc --out gpu-kit
#   device run: bash bench/cuda/device_checks.sh   (carry: gpu-kit)
# Writes $OUT/results.md (numeric checks, GEMM and MobileNetV2 tables) and
# $OUT/log.txt.
set -o pipefail
OUT=${OUT:-/tmp/dlc-gpu-results}
mkdir -p "$OUT"
cd "$(dirname "$0")/../.."
{
  date -u
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv
  PYTHONUNBUFFERED=1 python3 bench/cuda/run_kit.py gpu-kit --out "$OUT"
} 2>&1 | tee "$OUT/log.txt"
