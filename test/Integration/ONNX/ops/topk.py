#!/usr/bin/env python3
"""ONNX TopK against onnxruntime: values and indices, largest and smallest,
axes, k up to the axis length, float inputs with ties and int64 inputs.

    topk.py --dlc DLC
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import run_checks, run_dlc_and_onnxruntime  # noqa: E402

CASES = [  # shape, k, axis, largest, element type
    ([4, 10], 3, -1, 1, TensorProto.FLOAT),
    ([4, 10], 10, 1, 0, TensorProto.FLOAT),
    ([6, 5, 3], 2, 0, 1, TensorProto.FLOAT),
    ([3, 8], 4, 1, 1, TensorProto.INT64),
    ([3, 8], 3, 1, 0, TensorProto.INT64),
]


def check(dlc, case, rng):
    shape, k, axis, largest, elem = case
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
    got, expected = run_dlc_and_onnxruntime(dlc, model, {"x": x})
    if got is None:
        print("%s: dlc failed: %s" % (label, expected))
        return False
    ok = all(g.shape == e.shape and np.array_equal(g, e)
             for g, e in zip(got, expected))
    print("%s: output %s, %s" % (label, "x".join(map(str, got[0].shape)),
                                 "values and indices equal" if ok
                                 else "MISMATCH"))
    return ok


if __name__ == "__main__":
    run_checks(check, CASES)
