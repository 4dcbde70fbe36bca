#!/usr/bin/env python3
"""ONNX Einsum against onnxruntime: attention-style batched contractions,
outer and inner products, transposes, reductions, letters summed on one
side only, and implicit outputs.

    einsum.py --dlc DLC
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import run_checks, run_dlc_and_onnxruntime  # noqa: E402

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


def check(dlc, case, rng):
    equation, shapes = case
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
    outputs, expected = run_dlc_and_onnxruntime(dlc, model, feeds)
    if outputs is None:
        print("%s: dlc failed: %s" % (equation, expected))
        return False
    got, expected = outputs[0], expected[0]
    ok = got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=RTOL, atol=ATOL))
    err = float(np.max(np.abs(got - expected))) if ok else float("nan")
    print("%s: output %s, max abs error %.3g, %s" % (
        equation, "x".join(map(str, got.shape)) or "scalar", err,
        "ok" if ok else "MISMATCH"))
    return ok


if __name__ == "__main__":
    run_checks(check, CASES)
