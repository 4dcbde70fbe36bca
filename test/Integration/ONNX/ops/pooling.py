#!/usr/bin/env python3
"""ONNX MaxPool and AveragePool beyond the node tests, against onnxruntime:
3-D windows (with pads, strides, dilations, ceil_mode, count_include_pad),
MaxPool's Indices output (1-D to 3-D, both storage orders, padding) and
unsigned inputs. Every output is compared: values within RTOL/ATOL,
indices and integers exactly.

    pooling.py --dlc DLC
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import run_checks, run_dlc_and_onnxruntime  # noqa: E402

RTOL = ATOL = 1e-5

CASES = [  # name, op, input shape, input type, with indices, attributes
    ("max3d", "MaxPool", [2, 3, 6, 7, 5], TensorProto.FLOAT, False,
     dict(kernel_shape=[3, 2, 2], strides=[2, 1, 2], pads=[1, 0, 1, 1, 1, 0],
          dilations=[1, 2, 1], ceil_mode=1)),
    ("avg3d", "AveragePool", [1, 4, 5, 6, 7], TensorProto.FLOAT, False,
     dict(kernel_shape=[2, 3, 3], strides=[2, 2, 1], pads=[0, 1, 1, 1, 1, 0])),
    ("avg3d_include_pad", "AveragePool", [1, 2, 4, 4, 4], TensorProto.FLOAT,
     False, dict(kernel_shape=[3, 3, 3], pads=[1, 1, 1, 1, 1, 1],
                 count_include_pad=1)),
    ("indices1d", "MaxPool", [2, 3, 11], TensorProto.FLOAT, True,
     dict(kernel_shape=[3], strides=[2], pads=[1, 1])),
    ("indices2d_column_major", "MaxPool", [2, 2, 7, 6], TensorProto.FLOAT,
     True, dict(kernel_shape=[3, 2], strides=[2, 1], pads=[1, 0, 1, 1],
                storage_order=1)),
    ("indices3d", "MaxPool", [1, 2, 4, 5, 6], TensorProto.FLOAT, True,
     dict(kernel_shape=[2, 2, 3], strides=[1, 2, 2], pads=[0, 1, 1, 1, 0, 1])),
    ("uint8", "MaxPool", [1, 3, 8, 8], TensorProto.UINT8, True,
     dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])),
]


def make_model(name, op, shape, elem, with_indices, attrs):
    outputs = ["y", "indices"] if with_indices else ["y"]
    node = helper.make_node(op, ["x"], outputs, name=name, **attrs)
    out_infos = [helper.make_tensor_value_info("y", elem, None)]
    if with_indices:
        out_infos.append(
            helper.make_tensor_value_info("indices", TensorProto.INT64, None))
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("x", elem, shape)],
        out_infos)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return onnx.shape_inference.infer_shapes(model)


def check(dlc, case, rng):
    name, op, shape, elem, with_indices, attrs = case
    if elem == TensorProto.UINT8:  # values above 127 must rank highest
        x = rng.integers(0, 256, size=shape).astype(np.uint8)
    else:
        x = rng.standard_normal(shape).astype(np.float32)
    got, expected = run_dlc_and_onnxruntime(dlc, make_model(*case), {"x": x})
    if got is None:
        print("%s: dlc failed: %s" % (name, expected))
        return False
    ok = True
    for g, e in zip(got, expected):
        if g.shape != e.shape or g.dtype != e.dtype:
            print("%s: got %s %s, onnxruntime %s %s" % (name, g.dtype,
                                                      g.shape, e.dtype,
                                                      e.shape))
            return False
        if e.dtype.kind in "iu":
            ok = ok and bool(np.array_equal(g, e))
        else:
            ok = ok and bool(np.allclose(g, e, rtol=RTOL, atol=ATOL))
    err = float(np.max(np.abs(got[0].astype(np.float64) -
                              expected[0].astype(np.float64))))
    print("%s: output %s, max abs error %.3g%s, %s" % (
        name, "x".join(map(str, got[0].shape)), err,
        ", indices exact" if with_indices else "",
        "ok" if ok else "MISMATCH"))
    return ok


if __name__ == "__main__":
    run_checks(check, CASES)
