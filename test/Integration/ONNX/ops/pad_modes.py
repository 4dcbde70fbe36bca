#!/usr/bin/env python3
"""ONNX Pad in edge, reflect and wrap modes (gathers of the source index of
every padded position), on several axes at once, against onnxruntime.

    pad_modes.py --dlc DLC
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import compare_with_onnxruntime  # noqa: E402

CASES = [  # mode, input shape, pads (begin..., end...)
    ("edge", [2, 3, 4, 5], [0, 0, 2, 3, 0, 1, 1, 4]),
    ("reflect", [1, 2, 5, 4], [0, 0, 4, 1, 0, 0, 2, 3]),
    ("wrap", [3, 4], [2, 5, 1, 3]),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for mode, shape, pads in CASES:
            node = helper.make_node("Pad", ["x", "pads"], ["y"], mode=mode,
                                    name=mode)
            out = [s + pads[i] + pads[i + len(shape)]
                   for i, s in enumerate(shape)]
            graph = helper.make_graph(
                [node], mode,
                [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
                [helper.make_tensor_value_info("y", TensorProto.FLOAT, out)],
                [numpy_helper.from_array(np.array(pads, np.int64), "pads")])
            model = helper.make_model(
                graph, opset_imports=[helper.make_opsetid("", 19)])
            model.ir_version = 9
            path = os.path.join(tmp, mode + ".onnx")
            onnx.save(model, path)
            feeds = {"x": rng.standard_normal(shape).astype(np.float32)}
            ok = compare_with_onnxruntime(args.dlc, path, feeds, False,
                                          mode) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
