#!/usr/bin/env python3
"""Runs an exported ONNX model through dlc and onnxruntime and compares.

    check_torch_model.py --dlc DLC MODEL.onnx [--compare-unfused]

Float inputs are seeded standard-normal values; integer inputs follow the
model's "dlc.test.inputs" metadata (export_models.py writes it):
`ids:N` draws token ids in [0, N), `mask` is an attention mask whose last
quarter is padding.

Tolerance: |dlc - ort| <= 1e-4 + 1e-4 * |ort|, as for the models built in
../models (f32 on both sides, different summation orders and libm; these
models sum at most a few hundred terms per output).
"""
import argparse
import os
import sys

import numpy as np
import onnx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import compare_with_onnxruntime  # noqa: E402
NUMPY_TYPES = {onnx.TensorProto.FLOAT: np.float32,
               onnx.TensorProto.INT64: np.int64,
               onnx.TensorProto.INT32: np.int32}


def make_inputs(model, rng):
    hints = {}
    for prop in model.metadata_props:
        if prop.key == "dlc.test.inputs":
            hints = dict(item.split("=") for item in prop.value.split(";"))
    feeds = {}
    for inp in model.graph.input:
        tensor = inp.type.tensor_type
        dims = [d.dim_value for d in tensor.shape.dim]
        dtype = NUMPY_TYPES[tensor.elem_type]
        hint = hints.get(inp.name, "")
        if dtype is np.float32:
            feeds[inp.name] = rng.standard_normal(dims).astype(dtype)
        elif hint.startswith("ids:"):
            feeds[inp.name] = rng.integers(0, int(hint[4:]), dims).astype(dtype)
        elif hint == "mask":
            mask = np.ones(dims, dtype=dtype)
            mask[..., dims[-1] * 3 // 4:] = 0
            feeds[inp.name] = mask
        else:
            sys.exit("no way to make input '%s' (add a dlc.test.inputs hint)"
                     % inp.name)
    return feeds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--compare-unfused", action="store_true")
    parser.add_argument("model")
    args = parser.parse_args()
    model = onnx.load(args.model)
    feeds = make_inputs(model, np.random.default_rng(0))
    exporter = next((p.value for p in model.metadata_props
                     if p.key == "dlc.test.exporter"), "unknown exporter")
    ok = compare_with_onnxruntime(
        args.dlc, args.model, feeds, args.compare_unfused,
        "%s (%s): %d nodes" % (os.path.basename(args.model), exporter,
                               len(model.graph.node)))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
