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
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import compare_with_onnxruntime  # noqa: E402

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
    with tempfile.TemporaryDirectory() as tmp:
        for name, xs, ws, attrs, bias in CASES:
            w = numpy_helper.from_array(
                rng.standard_normal(ws).astype(np.float32), "w")
            inits = [w]
            inputs = ["x", "w"]
            if bias:
                f = ws[1] * attrs.get("group", 1)
                inits.append(numpy_helper.from_array(
                    rng.standard_normal([f]).astype(np.float32), "b"))
                inputs.append("b")
            node = helper.make_node("ConvTranspose", inputs, ["y"], name=name,
                                    **attrs)
            graph = helper.make_graph(
                [node], name,
                [helper.make_tensor_value_info("x", TensorProto.FLOAT, xs)],
                [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
                inits)
            model = helper.make_model(
                graph, opset_imports=[helper.make_opsetid("", 17)])
            model.ir_version = 8
            model = onnx.shape_inference.infer_shapes(model)
            path = os.path.join(tmp, name + ".onnx")
            onnx.save(model, path)
            feeds = {"x": rng.standard_normal(xs).astype(np.float32)}
            ok = compare_with_onnxruntime(args.dlc, path, feeds, False,
                                          name) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
