#!/usr/bin/env python3
"""Runs one ONNX model with `dlc run` and with onnxruntime on the same
random inputs and compares every output.

    compare_onnxruntime.py --dlc DLC MODEL --shape x=2x3 [--shape ...]
        [--flag=--dim=batch=2 ...]

Inputs are drawn per graph input at the given shapes (floats: standard
normal; integers: [0, 5)). dlc gets them as .npy files, so `dlc run`
specializes the model's symbolic dims to them unless --flag says otherwise.

Tolerance: |dlc - ort| <= 1e-5 + 1e-5 * |ort| for floats (both compute in
f32 with at most a few dozen terms per output here); integers and bools
must match exactly. Prints one line per output and exits non-zero on a
mismatch.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime

RTOL = ATOL = 1e-5


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("model")
    parser.add_argument("--shape", action="append", default=[],
                        help="NAME=2x3: the shape of graph input NAME")
    parser.add_argument("--flag", action="append", default=[],
                        help="an extra `dlc run` flag")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    shapes = {}
    for spec in args.shape:
        name, dims = spec.split("=")
        shapes[name] = [int(d) for d in dims.split("x")] if dims else []
    model = onnx.load(args.model)
    initializers = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(args.seed)
    feeds = {}
    for graph_input in model.graph.input:
        if graph_input.name in initializers:
            continue
        dtype = onnx.helper.tensor_dtype_to_np_dtype(
            graph_input.type.tensor_type.elem_type)
        shape = shapes[graph_input.name]
        if np.issubdtype(dtype, np.floating):
            feeds[graph_input.name] = rng.standard_normal(shape).astype(dtype)
        else:
            feeds[graph_input.name] = rng.integers(0, 5, shape).astype(dtype)

    session = onnxruntime.InferenceSession(
        args.model, providers=["CPUExecutionProvider"])
    expected = session.run(None, feeds)

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [args.dlc, "run", args.model] + args.flag
        for name, value in feeds.items():
            path = os.path.join(tmp, name + ".npy")
            np.save(path, value)
            cmd.append("--input=@" + path)
        outputs = [os.path.join(tmp, "out%d.npy" % i)
                   for i in range(len(expected))]
        cmd += ["--output=" + path for path in outputs]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            print("dlc run failed:\n" + result.stderr)
            return 1
        failed = False
        for i, (path, want) in enumerate(zip(outputs, expected)):
            got = np.load(path)
            name = model.graph.output[i].name
            if got.shape != want.shape:
                print("%s: shape %s, onnxruntime %s" % (name, got.shape,
                                                        want.shape))
                failed = True
                continue
            if np.issubdtype(want.dtype, np.floating):
                ok = np.allclose(got, want, rtol=RTOL, atol=ATOL)
                error = float(np.max(np.abs(got - want))) if got.size else 0.0
            else:
                ok = np.array_equal(got, want)
                error = 0.0 if ok else float("inf")
            shape = "x".join(str(d) for d in want.shape)
            print("%s: %s %s, max abs error %.3g: %s" % (
                name, want.dtype, shape, error, "ok" if ok else "MISMATCH"))
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
