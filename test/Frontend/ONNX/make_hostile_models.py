#!/usr/bin/env python3
"""Writes ONNX files that a careless exporter or a hostile producer might:
every size, count and path in them is wrong in some way the importer must
catch before using it (import-hardening.test pins the messages).

    make_hostile_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
f32 = TensorProto.FLOAT
x = helper.make_tensor_value_info("x", f32, [2, 3])
y = helper.make_tensor_value_info("y", f32, None)


def save(name, nodes, inputs, outputs, inits=(), opset=17, directory=out):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, os.path.join(directory, name + ".onnx"))


def add_with(tensor, name):
    save(name, [helper.make_node("Add", ["x", "w"], ["y"], name="add0")],
         [x], [y], [tensor])


# Initializer dims: negative, and 2^41 elements (backed by 24 bytes).
w = numpy_helper.from_array(np.ones((2, 3), np.float32), "w")
negative = onnx.TensorProto()
negative.CopyFrom(w)
negative.dims[:] = [2, -3]
add_with(negative, "negative_dim")
huge = onnx.TensorProto()
huge.CopyFrom(w)
huge.dims[:] = [1 << 21, 1 << 20]
add_with(huge, "huge_dims")
short = onnx.TensorProto()
short.CopyFrom(w)
short.raw_data = short.raw_data[:10]
add_with(short, "short_raw_data")

# External data: outside the model's directory, absolute, a device (through
# a symlink inside the directory), past the end of the file, non-numbers.
open(os.path.join(out, "w.bin"), "wb").write(np.ones(6, np.float32).tobytes())
if not os.path.lexists(os.path.join(out, "device.bin")):
    os.symlink("/dev/zero", os.path.join(out, "device.bin"))


def external(name, **entries):
    tensor = onnx.TensorProto()
    tensor.CopyFrom(w)
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in entries.items():
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    add_with(tensor, name)


external("external_ok", location="w.bin")
external("external_escape", location="../w.bin")
external("external_absolute", location="/etc/passwd")
external("external_device", location="device.bin")
external("external_past_end", location="w.bin", offset="16")
external("external_bad_offset", location="w.bin", offset="12abc")
external("external_bad_length", location="w.bin", length="4000")

# A dangling input, and a cycle (nodes out of topological order).
save("dangling", [helper.make_node("Add", ["x", "nowhere"], ["y"],
                                   name="add0")], [x], [y])
save("cycle", [helper.make_node("Relu", ["b"], ["a"], name="r0"),
               helper.make_node("Relu", ["a"], ["b"], name="r1"),
               helper.make_node("Add", ["x", "b"], ["y"], name="add0")],
     [x], [y])

# Values that size results: a Range of 2^31 elements, a Resize to 2^62
# rows, an Expand to 2^50 elements, ConstantOfShape with an empty value.
def scalar(name, value):
    return numpy_helper.from_array(np.array(value, np.int64), name)


save("huge_range", [helper.make_node("Range", ["s", "l", "d"], ["y"],
                                     name="range0")],
     [], [helper.make_tensor_value_info("y", TensorProto.INT64, None)],
     [scalar("s", 0), scalar("l", 1 << 31), scalar("d", 1)])
save("huge_resize", [helper.make_node("Resize", ["x4", "", "", "sizes"],
                                      ["y"], name="resize0")],
     [helper.make_tensor_value_info("x4", f32, [1, 1, 2, 2])], [y],
     [numpy_helper.from_array(np.array([1, 1, 1 << 62, 2], np.int64),
                              "sizes")])
save("huge_expand", [helper.make_node("Expand", ["x", "shape"], ["y"],
                                      name="expand0")],
     [x], [y], [numpy_helper.from_array(
         np.array([1 << 25, 1 << 25, 1, 1], np.int64), "shape")])
empty_value = numpy_helper.from_array(np.zeros((0,), np.float32), "value")
save("empty_constant_value",
     [helper.make_node("ConstantOfShape", ["shape"], ["y"], name="cos0",
                       value=empty_value)],
     [], [y], [numpy_helper.from_array(np.array([2, 3], np.int64), "shape")])

# Constants the importer would build itself, sized by the file: one-hot
# positions along a 2^31 axis, edge-padding indices, a tiled result of
# 2^64 elements.
save("huge_hardmax", [helper.make_node("Hardmax", ["wide"], ["y"],
                                       name="hardmax0")],
     [helper.make_tensor_value_info("wide", f32, [3, 1 << 31])], [y])
save("huge_pad", [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad0",
                                   mode="edge")],
     [x], [y], [numpy_helper.from_array(
         np.array([0, 1 << 30, 0, 0], np.int64), "pads")])
save("huge_tile", [helper.make_node("Tile", ["x", "repeats"], ["y"],
                                    name="tile0")],
     [x], [y], [numpy_helper.from_array(
         np.array([(1 << 63) - 1, 6], np.int64), "repeats")])

# Ops decomposed into several dlc ops whose first build fails: the
# importer stops at the error instead of building on the missing value.
save("bad_prelu_slope", [helper.make_node("PRelu", ["x3", "slope"], ["y"],
                                          name="prelu0")],
     [helper.make_tensor_value_info("x3", f32, [3, 4, 5])], [y],
     [numpy_helper.from_array(np.ones(3, np.float32), "slope")])
save("int_layer_norm",
     [helper.make_node("LayerNormalization", ["xi", "scale"],
                       ["y", "mean", "inv"], name="ln0", axis=0)],
     [helper.make_tensor_value_info("xi", TensorProto.INT32, [2, 3])],
     [y, helper.make_tensor_value_info("mean", f32, None),
      helper.make_tensor_value_info("inv", f32, None)],
     [numpy_helper.from_array(np.ones((2, 3), np.float32), "scale")])

# A blocksize whose square overflows (it divides the channels).
save("huge_blocksize", [helper.make_node("DepthToSpace", ["x4b"], ["y"],
                                         name="d2s0", blocksize=1 << 40)],
     [helper.make_tensor_value_info("x4b", f32, [1, 4, 2, 2])], [y])

# Graph inputs of 2^60 elements, and a corrupt opset.
save("huge_input", [helper.make_node("Relu", ["big"], ["y"], name="r0")],
     [helper.make_tensor_value_info("big", f32, [1 << 30, 1 << 30])], [y])
save("bad_opset", [helper.make_node("Relu", ["x"], ["y"], name="r0")],
     [x], [y], opset=1 << 40)

# Reshape entries whose product overflows int64 (found by the importer
# fuzzer).
save("huge_reshape", [helper.make_node("Reshape", ["x", "shape"], ["y"],
                                       name="reshape0")],
     [x], [y], [numpy_helper.from_array(
         np.array([(1 << 58) + 3, (1 << 24) + 2, -1], np.int64), "shape")])

# A backward slice along a 2^30 axis: its gather indices would be built in
# memory (found by the importer fuzzer).
save("huge_backward_slice",
     [helper.make_node("Slice", ["long", "starts", "ends", "axes", "steps"],
                       ["y"], name="slice0")],
     [helper.make_tensor_value_info("long", f32, [1 << 30])], [y],
     [numpy_helper.from_array(np.array([-1], np.int64), n)
      for n in ("starts",)] +
     [numpy_helper.from_array(np.array([v], np.int64), n)
      for n, v in (("ends", -(1 << 40)), ("axes", 0), ("steps", -1))])

# Gather from the shape of a scalar (an empty tensor), folded while the
# importer evaluates shapes: the folder must not read past the empty input
# (found by the importer fuzzer).
save("gather_empty_shape",
     [helper.make_node("Shape", ["s"], ["shape"], name="shape0"),
      helper.make_node("Gather", ["shape", "zero"], ["n"], name="gather0",
                       axis=0),
      helper.make_node("Unsqueeze", ["n", "axes"], ["n1"], name="unsq0"),
      helper.make_node("Concat", ["n1", "minus_one"], ["target"],
                       name="concat0", axis=0),
      helper.make_node("Reshape", ["s", "target"], ["y"], name="r0")],
     [helper.make_tensor_value_info("s", f32, [])], [y],
     [scalar("zero", 0),
      numpy_helper.from_array(np.array([0], np.int64), "axes"),
      numpy_helper.from_array(np.array([-1], np.int64), "minus_one")])

# Constants of the wrong type or size where a node reads one scalar or a
# float list (found by the importer fuzzer: int64 scales were read as
# floats).
save("int_resize_scales",
     [helper.make_node("Resize", ["x4", "", "scales"], ["y"],
                       name="resize1")],
     [helper.make_tensor_value_info("x4", f32, [1, 1, 2, 2])], [y],
     [numpy_helper.from_array(np.array([1, 1, 2, 2], np.int64), "scales")])
save("vector_clip_bound",
     [helper.make_node("Clip", ["x", "lo"], ["y"], name="clip0")],
     [x], [y], [numpy_helper.from_array(np.zeros(2, np.float32), "lo")])
