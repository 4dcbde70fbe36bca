#!/usr/bin/env python3
"""ConvTranspose cases beyond the ONNX node tests, checked against
onnxruntime: groups, strides with dilations, pads larger than the window
reach (the upsampled input is cropped), output_padding, output_shape with
SAME_UPPER, and a 1-D window.

    conv_transpose.py --dlc DLC
"""
import argparse
import os
import sys

import numpy as np
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import check_single_node  # noqa: E402

CASES = [
    # name, input shape, filter shape, attributes, bias
    ("grouped_strided", [1, 4, 5, 6], [4, 3, 3, 2],
     dict(group=2, strides=[2, 3], pads=[1, 0, 0, 1]), True),
    ("dilated_output_padding", [2, 3, 4, 4], [3, 2, 3, 3],
     dict(strides=[2, 2], dilations=[2, 1], output_padding=[1, 1]), False),
    ("pads_beyond_reach", [1, 2, 6, 5], [2, 3, 2, 2],
     dict(strides=[3, 2], pads=[2, 3, 1, 2]), True),
    ("same_upper_output_shape", [1, 2, 4, 3], [2, 2, 3, 3],
     dict(strides=[2, 2], auto_pad="SAME_UPPER"), False),
    ("depthwise_1d", [1, 3, 7], [3, 1, 4],
     dict(group=3, strides=[2], pads=[1, 2]), True),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    for name, xs, ws, attrs, bias in CASES:
        inits = [numpy_helper.from_array(
            rng.standard_normal(ws).astype(np.float32), "w")]
        inputs = ["x", "w"]
        if bias:
            f = ws[1] * attrs.get("group", 1)
            inits.append(numpy_helper.from_array(
                rng.standard_normal([f]).astype(np.float32), "b"))
            inputs.append("b")
        node = helper.make_node("ConvTranspose", inputs, ["y"], name=name,
                                **attrs)
        ok = check_single_node(args.dlc, node, xs, inits, 17, rng) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
