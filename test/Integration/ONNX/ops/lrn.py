#!/usr/bin/env python3
"""ONNX LRN (AlexNet, GoogLeNet, ZFNet) against a numpy reference written
from the operator's definition, and against onnxruntime where it runs the
case (its CPU kernel takes odd window sizes only): windows clipped at both
channel ends, odd and even sizes, non-default alpha/beta/bias, ranks 3 to
5, random inputs. Tolerance rtol 1e-5, atol 1e-6: y is x times a power of
a sum of at most `size` squares.

    lrn.py --dlc DLC
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import (run_checks, run_dlc,  # noqa: E402
                         run_dlc_and_onnxruntime)

RTOL, ATOL = 1e-5, 1e-6

CASES = [  # name, input shape, attributes
    ("alexnet", [1, 12, 6, 6], dict(size=5, alpha=1e-4, beta=0.75, bias=2.0)),
    ("defaults_rank3", [2, 7, 9], dict(size=3)),
    ("window_wider_than_channels", [1, 3, 4, 4], dict(size=7, alpha=0.5)),
    ("even_size", [2, 6, 3, 5], dict(size=4, alpha=0.3, beta=0.5, bias=1.5)),
    ("rank5", [1, 5, 2, 3, 4], dict(size=2, alpha=0.2, beta=1.0)),
]


def reference(x, size, alpha=1e-4, beta=0.75, bias=1.0):
    """The ONNX definition, channel by channel, in float64."""
    x64 = x.astype(np.float64)
    channels = x.shape[1]
    square_sum = np.zeros_like(x64)
    for c in range(channels):
        lo = max(0, c - (size - 1) // 2)
        hi = min(channels - 1, c + (size - 1) - (size - 1) // 2)
        square_sum[:, c] = (x64[:, lo:hi + 1] ** 2).sum(axis=1)
    return x64 / (bias + alpha / size * square_sum) ** beta


def check(dlc, case, rng):
    name, shape, attrs = case
    node = helper.make_node("LRN", ["x"], ["y"], name=name, **attrs)
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                     shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    want = reference(x, **attrs)
    got, error = run_dlc(dlc, model, {"x": x})
    if got is None:
        print("%s: dlc failed: %s" % (name, error))
        return False
    got = got[0]
    ok = np.allclose(got, want, rtol=RTOL, atol=ATOL)
    # onnxruntime's CPU kernel takes 4-D inputs and odd sizes only.
    peer = len(shape) == 4 and attrs["size"] % 2 == 1
    if peer:
        _, expected = run_dlc_and_onnxruntime(dlc, model, {"x": x})
        ok = ok and np.allclose(expected[0], want, rtol=RTOL, atol=ATOL)
    print("%s: max abs error %.2e%s, %s" % (
        name, np.abs(got - want).max(),
        " (onnxruntime agrees)" if peer else "", "ok" if ok else "MISMATCH"))
    return ok


if __name__ == "__main__":
    run_checks(check, CASES)
