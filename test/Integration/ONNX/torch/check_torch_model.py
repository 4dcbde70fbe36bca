#!/usr/bin/env python3
"""Runs an exported ONNX model through dlc and onnxruntime and compares.

    check_torch_model.py --dlc DLC MODEL.onnx [--compare-unfused]

Float inputs are seeded standard-normal values; integer inputs follow the
model's "dlc.test.inputs" metadata (export_models.py writes it):
`ids:N` draws token ids in [0, N), `mask` is an attention mask whose last
quarter is padding.

Tolerance: |dlc - ort| <= 1e-4 + 1e-4 * |ort|, as for the models built in
../models (f32 on both sides, different summation orders and libm; these
models sum at most a few hundred terms per output).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime

RTOL = ATOL = 1e-4
NUMPY_TYPES = {onnx.TensorProto.FLOAT: np.float32,
               onnx.TensorProto.INT64: np.int64,
               onnx.TensorProto.INT32: np.int32}


def make_inputs(model, rng):
    hints = {}
    for prop in model.metadata_props:
        if prop.key == "dlc.test.inputs":
            hints = dict(item.split("=") for item in prop.value.split(";"))
    feeds = {}
    for inp in model.graph.input:
        tensor = inp.type.tensor_type
        dims = [d.dim_value for d in tensor.shape.dim]
        dtype = NUMPY_TYPES[tensor.elem_type]
        hint = hints.get(inp.name, "")
        if dtype is np.float32:
            feeds[inp.name] = rng.standard_normal(dims).astype(dtype)
        elif hint.startswith("ids:"):
            feeds[inp.name] = rng.integers(0, int(hint[4:]), dims).astype(dtype)
        elif hint == "mask":
            mask = np.ones(dims, dtype=dtype)
            mask[..., dims[-1] * 3 // 4:] = 0
            feeds[inp.name] = mask
        else:
            sys.exit("no way to make input '%s' (add a dlc.test.inputs hint)"
                     % inp.name)
    return feeds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--compare-unfused", action="store_true")
    parser.add_argument("model")
    args = parser.parse_args()
    model = onnx.load(args.model)
    feeds = make_inputs(model, np.random.default_rng(0))
    session = onnxruntime.InferenceSession(
        args.model, providers=["CPUExecutionProvider"])
    expected = session.run(None, feeds)[0]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [args.dlc, "run", args.model]
        for name, value in feeds.items():
            np.save(os.path.join(tmp, name + ".npy"), value)
            cmd.append("--input=@" + os.path.join(tmp, name + ".npy"))

        def run_dlc(flags):
            out = os.path.join(tmp, "out.npy")
            result = subprocess.run(cmd + flags + ["--output=" + out],
                                    capture_output=True, text=True)
            if result.returncode:
                sys.exit("dlc failed:\n" + result.stderr)
            return np.load(out)
        got = run_dlc([])
        unfused = run_dlc(["--no-fusion"]) if args.compare_unfused else None
    exporter = next((p.value for p in model.metadata_props
                     if p.key == "dlc.test.exporter"), "unknown exporter")
    err = np.abs(got.astype(np.float64) - expected)
    ok = got.shape == expected.shape and bool(
        np.all(err <= ATOL + RTOL * np.abs(expected)))
    print("%s (%s): %d nodes, output %s, output std %.3g, max abs error vs "
          "onnxruntime %.3g" % (
              os.path.basename(args.model), exporter, len(model.graph.node),
              "x".join(map(str, got.shape)), float(expected.std()),
              float(err.max())))
    if unfused is not None:
        diff = np.abs(got.astype(np.float64) - unfused)
        ok = ok and bool(np.all(diff <= ATOL + RTOL * np.abs(unfused)))
        print("fused vs unfused max abs difference %.3g" % float(diff.max()))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
