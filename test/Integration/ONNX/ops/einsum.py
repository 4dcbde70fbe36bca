#!/usr/bin/env python3
"""ONNX Einsum against onnxruntime: attention-style batched contractions,
outer and inner products, transposes, reductions, letters summed on one
side only, and implicit outputs.

    einsum.py --dlc DLC
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper

RTOL = ATOL = 1e-5

CASES = [  # equation, operand shapes
    ("bhqd,bhkd->bhqk", [[2, 3, 5, 4], [2, 3, 6, 4]]),
    ("bhqk,bhkd->bhqd", [[2, 3, 5, 6], [2, 3, 6, 4]]),
    ("ij,jk->ik", [[5, 7], [7, 3]]),
    ("i,j->ij", [[4], [6]]),
    ("ij,ij->i", [[5, 7], [5, 7]]),
    ("ijz,jk->ki", [[5, 7, 2], [7, 3]]),
    ("ij,jk", [[5, 7], [7, 3]]),
    ("bij->bji", [[2, 3, 4]]),
    ("ijk->k", [[2, 3, 4]]),
    ("ijk", [[2, 3, 4]]),
]


def check(dlc, equation, shapes, rng):
    names = ["x%d" % i for i in range(len(shapes))]
    node = helper.make_node("Einsum", names, ["y"], equation=equation)
    graph = helper.make_graph(
        [node], "einsum",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
         for n, s in zip(names, shapes)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    feeds = {n: rng.standard_normal(s).astype(np.float32)
             for n, s in zip(names, shapes)}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "einsum.onnx")
        onnx.save(model, path)
        cmd = [dlc, "run", path]
        for n, v in feeds.items():
            np.save(os.path.join(tmp, n + ".npy"), v)
            cmd.append("--input=@" + os.path.join(tmp, n + ".npy"))
        out = os.path.join(tmp, "y.npy")
        result = subprocess.run(cmd + ["--output=" + out],
                                capture_output=True, text=True)
        if result.returncode:
            print("%s: dlc failed: %s" % (equation, result.stderr.strip()))
            return False
        got = np.load(out)
        expected = onnxruntime.InferenceSession(
            path, providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    ok = got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=RTOL, atol=ATOL))
    err = float(np.max(np.abs(got - expected))) if ok else float("nan")
    print("%s: output %s, max abs error %.3g, %s" % (
        equation, "x".join(map(str, got.shape)) or "scalar", err,
        "ok" if ok else "MISMATCH"))
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    for equation, shapes in CASES:
        ok = check(args.dlc, equation, shapes, rng) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
