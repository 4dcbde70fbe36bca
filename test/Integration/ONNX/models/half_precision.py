#!/usr/bin/env python3
"""Models in float16 and bfloat16, as a model traced in half precision on a
GPU is exported: every float initializer, graph input and output, Constant
and Cast is half precision. dlc computes each op in f32 and rounds its
results to the half type.

Reference: onnxruntime on the float32 model whose weights and inputs are
the same half-precision values (so only dlc's per-op rounding differs).
Tolerance: |dlc - reference| <= TOL * max|reference|, TOL = 2^-7 for float16
(11-bit significands, rounded after every op through a few dozen ops) and
2^-4 for bfloat16 (8-bit significands, same reasoning).

    half_precision.py --dlc DLC MODEL
"""
import argparse
import copy
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "lib"))
from npref import bfloat16  # noqa: E402
from onnx_models import MODELS, make_inputs  # noqa: E402

TOL = {"float16": 2.0 ** -7, "bfloat16": 2.0 ** -4}
CODE = {"float16": TensorProto.FLOAT16, "bfloat16": TensorProto.BFLOAT16}


def rounded(array, kind):
    """float32 values rounded to the half type, kept as float32."""
    if kind == "float16":
        return array.astype(np.float16).astype(np.float32)
    return bfloat16(array)


def half_tensor(tensor, kind):
    values = numpy_helper.to_array(tensor).astype(np.float32)
    half = onnx.TensorProto()
    half.name = tensor.name
    half.dims.extend(tensor.dims)
    half.data_type = CODE[kind]
    if kind == "float16":
        half.raw_data = values.astype(np.float16).tobytes()
    else:
        half.raw_data = (bfloat16(values).view(np.uint32) >> 16).astype(
            np.uint16).tobytes()
    return half


def convert(model, kind):
    """(half-precision model, float32 model with the same rounded weights)."""
    half, reference = copy.deepcopy(model), copy.deepcopy(model)
    for h, r in zip(half.graph.initializer, reference.graph.initializer):
        if h.data_type == TensorProto.FLOAT:
            values = rounded(numpy_helper.to_array(r), kind)
            r.CopyFrom(numpy_helper.from_array(values, r.name))
            h.CopyFrom(half_tensor(h, kind))
    for info in list(half.graph.input) + list(half.graph.output):
        if info.type.tensor_type.elem_type == TensorProto.FLOAT:
            info.type.tensor_type.elem_type = CODE[kind]
    del half.graph.value_info[:]
    for node in half.graph.node:
        for attr in node.attribute:
            if node.op_type == "Cast" and attr.name == "to" and \
                    attr.i == TensorProto.FLOAT:
                attr.i = CODE[kind]
            if attr.type == onnx.AttributeProto.TENSOR and \
                    attr.t.data_type == TensorProto.FLOAT:
                attr.t.CopyFrom(half_tensor(attr.t, kind))
    return half, reference


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("model", choices=sorted(MODELS))
    args = parser.parse_args()
    model, kinds = MODELS[args.model]()
    feeds = make_inputs(model, kinds, np.random.default_rng(0))
    ok = True
    for kind in ("float16", "bfloat16"):
        half, reference = convert(model, kind)
        ref_feeds = {k: rounded(v, kind) if v.dtype == np.float32 else v
                     for k, v in feeds.items()}
        expected = onnxruntime.InferenceSession(
            reference.SerializeToString(),
            providers=["CPUExecutionProvider"]).run(None, ref_feeds)[0]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.onnx")
            onnx.save(half, path)
            cmd = [args.dlc, "run", path]
            for name, value in ref_feeds.items():
                if value.dtype == np.float32 and kind == "float16":
                    value = value.astype(np.float16)
                np.save(os.path.join(tmp, name + ".npy"), value)
                cmd.append("--input=@" + os.path.join(tmp, name + ".npy"))
            out = os.path.join(tmp, "out.npy")
            result = subprocess.run(cmd + ["--output=" + out],
                                    capture_output=True, text=True)
            if result.returncode:
                print("%s %s: dlc failed:\n%s" % (args.model, kind,
                                                   result.stderr))
                ok = False
                continue
            got = np.load(out).astype(np.float64)
        scale = float(np.abs(expected).max())
        err = float(np.abs(got - expected).max())
        good = got.shape == expected.shape and err <= TOL[kind] * scale
        print("%s %s: output %s, max |reference| %.3g, max abs error %.3g "
              "(%.2f of tolerance)" % (args.model, kind,
                                       "x".join(map(str, got.shape)), scale,
                                       err, err / (TOL[kind] * scale)))
        ok = ok and good
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
