#!/usr/bin/env python3
"""Writes small ONNX files for the frontend's FileCheck and error tests.

    make_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(name, nodes, inputs, outputs, inits=(), opset=17):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, os.path.join(out, name + ".onnx"))
    return model


f32 = TensorProto.FLOAT
x = helper.make_tensor_value_info("x", f32, [2, 3])
y = helper.make_tensor_value_info("y", f32, [2, 3])
w = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "w")

# Add + Relu with an initializer; node names survive into diagnostics/IR.
save("add_relu", [helper.make_node("Add", ["x", "w"], ["s"], name="add0"),
                  helper.make_node("Relu", ["s"], ["y"], name="relu0")],
     [x], [y], [w])
# Shape arithmetic the way exports write Flatten-like reshapes.
save("reshape_shape_of", [
    helper.make_node("Shape", ["x"], ["shape"], name="shape0"),
    helper.make_node("Gather", ["shape", "zero"], ["n"], axis=0, name="g0"),
    helper.make_node("Unsqueeze", ["n", "axes"], ["n1"], name="u0"),
    helper.make_node("Concat", ["n1", "minus_one"], ["target"], axis=0,
                     name="c0"),
    helper.make_node("Reshape", ["x", "target"], ["y"], name="r0")],
    [helper.make_tensor_value_info("x", f32, [2, 3, 4])],
    [helper.make_tensor_value_info("y", f32, [2, 12])],
    [numpy_helper.from_array(np.array(0, np.int64), "zero"),
     numpy_helper.from_array(np.array([0], np.int64), "axes"),
     numpy_helper.from_array(np.array([-1], np.int64), "minus_one")])
# Two unsupported op types, three nodes.
save("unsupported", [
    helper.make_node("Relu", ["x"], ["a"], name="ok"),
    helper.make_node("Unique", ["a"], ["v"], name="unique0"),
    helper.make_node("NonZero", ["a"], ["nz"], name="nz0"),
    helper.make_node("NonZero", ["a"], ["y"], name="nz1")],
    [x],
    [helper.make_tensor_value_info("y", TensorProto.INT64, None)])
# A symbolic batch dimension.
save("symbolic", [helper.make_node("Relu", ["x"], ["y"], name="r")],
     [helper.make_tensor_value_info("x", f32, ["batch", 3])],
     [helper.make_tensor_value_info("y", f32, ["batch", 3])])
# Mismatched shapes inside the graph.
save("bad_add", [helper.make_node("Add", ["x", "v"], ["y"], name="bad")],
     [x, helper.make_tensor_value_info("v", f32, [4])], [y])
# Weights in an external data file.
model = save("external", [helper.make_node("Mul", ["x", "w"], ["y"],
                                           name="m")], [x], [y], [w])
onnx.save(model, os.path.join(out, "external.onnx"),
          save_as_external_data=True, all_tensors_to_one_file=True,
          location="external.bin", size_threshold=0)
# Patterns of PyTorch exports: shape vectors computed by Where and Mod on
# constants (they must fold), IsNaN, GatherElements and GatherND.
i64 = TensorProto.INT64
save("torch_patterns", [
    helper.make_node("Equal", ["shape", "minus_one"], ["is_free"], name="eq"),
    helper.make_node("Where", ["is_free", "ones", "shape"], ["target"],
                     name="where"),
    helper.make_node("Expand", ["x", "target"], ["expanded"], name="expand"),
    helper.make_node("Mod", ["dividend", "divisor"], ["rows_cols"],
                     name="mod"),
    helper.make_node("Reshape", ["expanded", "rows_cols"], ["reshaped"],
                     name="reshape"),
    helper.make_node("IsNaN", ["reshaped"], ["nan"], name="isnan"),
    helper.make_node("GatherElements", ["x", "idx"], ["picked"], axis=1,
                     name="gather_elements"),
    helper.make_node("GatherND", ["x", "nd_idx"], ["rows"], batch_dims=1,
                     name="gather_nd")],
    [x, helper.make_tensor_value_info("idx", i64, [2, 2]),
     helper.make_tensor_value_info("nd_idx", i64, [2, 1])],
    [helper.make_tensor_value_info("nan", TensorProto.BOOL, [3, 2]),
     helper.make_tensor_value_info("picked", f32, [2, 2]),
     helper.make_tensor_value_info("rows", f32, [2])],
    [numpy_helper.from_array(np.array([2, 3], np.int64), "shape"),
     numpy_helper.from_array(np.array([-1], np.int64), "minus_one"),
     numpy_helper.from_array(np.array([1, 1], np.int64), "ones"),
     # Python's % gives [3, 2]; C's would give [-6, 2].
     numpy_helper.from_array(np.array([-6, 6], np.int64), "dividend"),
     numpy_helper.from_array(np.array([9, 4], np.int64), "divisor")])
# Half precision: Add and Relu on float16 compute in f32 (the float16 weight
# is widened at import), Reshape moves float16 as is.
f16 = TensorProto.FLOAT16
save("half", [helper.make_node("Add", ["x", "w"], ["s"], name="add0"),
              helper.make_node("Relu", ["s"], ["r"], name="relu0"),
              helper.make_node("Reshape", ["r", "shape"], ["y"], name="re0")],
     [helper.make_tensor_value_info("x", f16, [2, 3])],
     [helper.make_tensor_value_info("y", f16, [3, 2])],
     [numpy_helper.from_array(np.array([[0.5, 1, 2], [3, 4, 65504]],
                                       np.float16), "w"),
      numpy_helper.from_array(np.array([3, 2], np.int64), "shape")])
# Neg of a constant shape folds at import (expanded LayerNormalization
# computes the number of reduced axes that way).
save("neg_fold", [
    helper.make_node("Neg", ["minus_two"], ["two"], name="neg0"),
    helper.make_node("ConstantOfShape", ["two"], ["ones"], name="cos0",
                     value=numpy_helper.from_array(np.ones(1, np.float32))),
    helper.make_node("Add", ["x", "ones"], ["y"], name="add0")],
    [helper.make_tensor_value_info("x", f32, [3, 2])],
    [helper.make_tensor_value_info("y", f32, [3, 2])],
    [numpy_helper.from_array(np.array([-2], np.int64), "minus_two")])
# Out-of-range axis; per-axis quantization scale of the wrong length.
save("bad_axis", [helper.make_node("TopK", ["x", "two"], ["v", "i"], axis=5,
                                   name="tk")],
     [x], [helper.make_tensor_value_info("v", f32, None)],
     [numpy_helper.from_array(np.array([2], np.int64), "two")])
save("bad_scale", [helper.make_node("QuantizeLinear", ["x", "s"], ["y"],
                                    axis=0, name="q")],
     [x], [helper.make_tensor_value_info("y", TensorProto.UINT8, None)],
     [numpy_helper.from_array(np.ones(3, np.float32), "s")])
# Truncated protobuf.
data = open(os.path.join(out, "add_relu.onnx"), "rb").read()
open(os.path.join(out, "truncated.onnx"), "wb").write(data[: len(data) // 2])
# An input tensor file.
tensor = numpy_helper.from_array(
    np.array([[-1, 2, -3], [4, -5, 6]], np.float32), "x")
open(os.path.join(out, "x.pb"), "wb").write(tensor.SerializeToString())
