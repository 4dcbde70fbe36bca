#!/usr/bin/env python3
"""ONNX TopK against onnxruntime: values and indices, largest and smallest,
axes, k up to the axis length, float inputs with ties and int64 inputs.

    topk.py --dlc DLC
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

CASES = [  # shape, k, axis, largest, element type
    ([4, 10], 3, -1, 1, TensorProto.FLOAT),
    ([4, 10], 10, 1, 0, TensorProto.FLOAT),
    ([6, 5, 3], 2, 0, 1, TensorProto.FLOAT),
    ([3, 8], 4, 1, 1, TensorProto.INT64),
    ([3, 8], 3, 1, 0, TensorProto.INT64),
]


def check(dlc, shape, k, axis, largest, elem, rng):
    node = helper.make_node("TopK", ["x", "k"], ["values", "indices"],
                            axis=axis, largest=largest)
    graph = helper.make_graph(
        [node], "topk", [helper.make_tensor_value_info("x", elem, shape)],
        [helper.make_tensor_value_info("values", elem, None),
         helper.make_tensor_value_info("indices", TensorProto.INT64, None)],
        [numpy_helper.from_array(np.array([k], np.int64), "k")])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    # Few distinct values, so that ties occur (the first index wins).
    x = rng.integers(-4, 5, size=shape)
    x = x.astype(np.float32) * 0.5 if elem == TensorProto.FLOAT else x
    label = "k=%d axis=%d largest=%d %s" % (k, axis, largest, x.dtype)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "topk.onnx")
        onnx.save(model, path)
        np.save(os.path.join(tmp, "x.npy"), x)
        outs = [os.path.join(tmp, "v.npy"), os.path.join(tmp, "i.npy")]
        result = subprocess.run(
            [dlc, "run", path, "--input=@" + os.path.join(tmp, "x.npy")] +
            ["--output=" + o for o in outs], capture_output=True, text=True)
        if result.returncode:
            print("%s: dlc failed: %s" % (label, result.stderr.strip()))
            return False
        got = [np.load(o) for o in outs]
        expected = onnxruntime.InferenceSession(
            path, providers=["CPUExecutionProvider"]).run(None, {"x": x})
    ok = all(g.shape == e.shape and np.array_equal(g, e)
             for g, e in zip(got, expected))
    print("%s: output %s, %s" % (label, "x".join(map(str, got[0].shape)),
                                 "values and indices equal" if ok
                                 else "MISMATCH"))
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    for case in CASES:
        ok = check(args.dlc, *case, rng) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
