#!/usr/bin/env python3
"""ONNX models with the patterns real exporters emit, for shape
specialization and constant evaluation: symbolic dims (named, unnamed, -1),
a YOLOv8-style anchor grid (Shape -> Gather -> Cast(float) -> Range),
PaddlePaddle-style int32 shape math feeding Reshape, torch's F.pad at
opset 17 (Slice with a negative step and Transpose of constant int64 pads),
a shape-like graph input, and an If whose branches hold unsupported ops.

    make_exported_models.py OUT_DIR
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def save(name, nodes, inputs, outputs, inits=(), opset=17):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(inits))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(model.SerializeToString())


def const(name, value):
    return numpy_helper.from_array(np.asarray(value), name)


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


# Dynamic batch, tied between two inputs: y = relu(x @ W) + z.
rng = np.random.default_rng(0)
save("dynamic_batch",
     [helper.make_node("MatMul", ["x", "W"], ["xw"], name="mm"),
      helper.make_node("Relu", ["xw"], ["r"], name="relu"),
      helper.make_node("Add", ["r", "z"], ["y"], name="add")],
     [f32("x", ["batch", 4]), f32("z", ["batch", 2])],
     [f32("y", ["batch", 2])],
     [const("W", rng.standard_normal((4, 2)).astype(np.float32))])

# An unnamed dim and a -1 dim.
unnamed = f32("x", [None, 3])
unnamed.type.tensor_type.shape.dim[1].dim_value = -1
save("unnamed_dims", [helper.make_node("Relu", ["x"], ["y"], name="r")],
     [unnamed], [f32("y", [None, None])])

# YOLOv8-style anchor grid: x + arange(W) along the last axis, W read from
# the input's shape (a dynamic image size in the export).
save("anchor_grid",
     [helper.make_node("Shape", ["x"], ["s"], name="shape"),
      helper.make_node("Gather", ["s", "three"], ["w"], name="gather", axis=0),
      helper.make_node("Cast", ["w"], ["wf"], name="cast",
                       to=TensorProto.FLOAT),
      helper.make_node("Range", ["zero", "wf", "one"], ["grid"],
                       name="range"),
      helper.make_node("Add", ["x", "grid"], ["y"], name="add")],
     [f32("x", [1, 2, "h", "w"])], [f32("y", [1, 2, "h", None])],
     [const("three", np.int64(3)), const("zero", np.float32(0)),
      const("one", np.float32(1))])

# PaddlePaddle-style shape math on int32 vectors: reshape x [N, C, H, W] to
# [N, C, H * W // 2, 2] through Shape -> Cast(int32) -> Slice -> Mul/Div ->
# Concat -> Cast(int64).
save("paddle_shape",
     [helper.make_node("Shape", ["x"], ["s"], name="p2o.Shape.0"),
      helper.make_node("Cast", ["s"], ["s32"], name="p2o.Cast.0",
                       to=TensorProto.INT32),
      helper.make_node("Slice", ["s32", "st0", "en2"], ["nc"],
                       name="p2o.Slice.0"),
      helper.make_node("Slice", ["s32", "st2", "en4"], ["hw"],
                       name="p2o.Slice.1"),
      helper.make_node("ReduceProd", ["hw"], ["area"], name="p2o.Prod.0",
                       keepdims=1),
      helper.make_node("Div", ["area", "two32"], ["pairs"],
                       name="p2o.Div.0"),
      helper.make_node("Concat", ["nc", "pairs", "two32"], ["shape32"],
                       name="p2o.Concat.0", axis=0),
      helper.make_node("Cast", ["shape32"], ["shape"], name="p2o.Cast.1",
                       to=TensorProto.INT64),
      helper.make_node("Reshape", ["x", "shape"], ["y"],
                       name="p2o.Reshape.67")],
     [f32("x", ["n", 3, 4, 6])], [f32("y", None)],
     [const("st0", np.array([0], np.int32)),
      const("en2", np.array([2], np.int32)),
      const("st2", np.array([2], np.int32)),
      const("en4", np.array([4], np.int32)),
      const("two32", np.array([2], np.int32))])

# torch F.pad(x, (1, 2, 0, 3)) as exported at opset 17: the pads (last dim
# first, begin/end pairs) padded with zeros to the rank, reshaped to
# [-1, 2], reversed with a negative-step Slice, transposed and flattened.
save("torch_pad",
     [helper.make_node("ConstantOfShape", ["fill_shape"], ["zeros"],
                       name="/ConstantOfShape",
                       value=numpy_helper.from_array(
                           np.array([0], np.int64))),
      helper.make_node("Concat", ["torch_pads", "zeros"], ["all"],
                       name="/Concat", axis=0),
      helper.make_node("Reshape", ["all", "pairs_shape"], ["pairs"],
                       name="/Reshape"),
      helper.make_node("Slice", ["pairs", "rev_start", "rev_end", "axis0",
                                 "minus1"], ["reversed"], name="/Slice"),
      helper.make_node("Transpose", ["reversed"], ["cols"], name="/Transpose",
                       perm=[1, 0]),
      helper.make_node("Reshape", ["cols", "flat"], ["onnx_pads"],
                       name="/Reshape_1"),
      helper.make_node("Cast", ["onnx_pads"], ["pads"], name="/Cast",
                       to=TensorProto.INT64),
      helper.make_node("Pad", ["x", "pads", "pad_value"], ["y"],
                       name="/Pad", mode="constant")],
     [f32("x", [1, 2, 3, 4])], [f32("y", None)],
     [const("fill_shape", np.array([4], np.int64)),
      const("torch_pads", np.array([1, 2, 0, 3], np.int64)),
      const("pairs_shape", np.array([-1, 2], np.int64)),
      const("rev_start", np.array([-1], np.int64)),
      const("rev_end", np.array([-(2 ** 63)], np.int64)),
      const("axis0", np.array([0], np.int64)),
      const("minus1", np.array([-1], np.int64)),
      const("flat", np.array([-1], np.int64)),
      const("pad_value", np.float32(0.5))])

# A shape-like graph input: Pad's pads come from the caller.
save("pads_input",
     [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad0")],
     [f32("x", [2, 3]),
      helper.make_tensor_value_info("pads", TensorProto.INT64, [4])],
     [f32("y", None)])

# An If whose branches hold an op dlc does not import.
then_branch = helper.make_graph(
    [helper.make_node("NonZero", ["x"], ["nz"], name="nz_then")], "then", [],
    [helper.make_tensor_value_info("nz", TensorProto.INT64, None)])
else_branch = helper.make_graph(
    [helper.make_node("Identity", ["x"], ["id"], name="id_else")], "else",
    [], [helper.make_tensor_value_info("id", TensorProto.INT64, None)])
save("if_branches",
     [helper.make_node("If", ["c"], ["y"], name="if0",
                       then_branch=then_branch, else_branch=else_branch)],
     [helper.make_tensor_value_info("c", TensorProto.BOOL, []),
      f32("x", [2])],
     [helper.make_tensor_value_info("y", TensorProto.INT64, None)])
