#!/usr/bin/env python3
"""Real architectures built as ONNX graphs, checked against onnxruntime.

    onnx_models.py --dlc DLC MODEL

MODEL is resnet, mobilenetv2, bert, gpt or vit. Each builder emits the op
patterns torch.onnx.export produces for that architecture (Conv+BN+Relu
with residual Add; inverted residuals with depthwise convs and Clip as
ReLU6; attention with Shape/Gather/Concat-computed Reshapes, Transpose,
MatMul, Softmax, Erf-GELU and LayerNormalization; a causal mask through
Where; patch embedding by a strided Conv). Weights and inputs are seeded
random values. The model is compiled and run by dlc (`dlc run model.onnx`)
and by onnxruntime's CPU provider on the same inputs.

Tolerance: |dlc - ort| <= 1e-4 + 1e-4 * |ort|. Both compute in f32 with
different summation orders and libm; these models accumulate over at most
a few hundred terms per output, which stays well inside 1e-4.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

RTOL = ATOL = 1e-4


class GraphBuilder:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.count = [], [], 0

    def name(self, prefix):
        self.count += 1
        return "%s_%d" % (prefix, self.count)

    def weight(self, shape, scale=None, positive=False):
        n = self.name("w")
        if positive:
            value = self.rng.uniform(0.5, 1.5, size=shape)
        else:
            fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
            value = self.rng.standard_normal(shape) * (scale or fan_in ** -0.5)
        self.inits.append(numpy_helper.from_array(value.astype(np.float32), n))
        return n

    def const(self, value, dtype=np.int64):
        n = self.name("c")
        self.inits.append(numpy_helper.from_array(np.array(value, dtype), n))
        return n

    def op(self, op_type, inputs, outputs=1, **attrs):
        outs = [self.name(op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, outs,
                                           name=self.name(op_type), **attrs))
        return outs[0] if outputs == 1 else outs

    # Layers, as exported by PyTorch.
    def conv_bn(self, x, cin, cout, k, stride=1, group=1, act="relu"):
        w = self.weight((cout, cin // group, k, k))
        y = self.op("Conv", [x, w], kernel_shape=[k, k],
                    strides=[stride, stride], pads=[k // 2] * 4, group=group)
        y = self.op("BatchNormalization",
                    [y, self.weight((cout,), positive=True),
                     self.weight((cout,), 0.1), self.weight((cout,), 0.1),
                     self.weight((cout,), positive=True)], epsilon=1e-5)
        if act == "relu":
            y = self.op("Relu", [y])
        elif act == "relu6":
            y = self.op("Clip", [y, self.const(0.0, np.float32),
                                 self.const(6.0, np.float32)])
        return y

    def linear(self, x, cin, cout):
        y = self.op("MatMul", [x, self.weight((cin, cout))])
        return self.op("Add", [y, self.weight((cout,), 0.1)])

    def layer_norm(self, x, d):
        return self.op("LayerNormalization",
                       [x, self.weight((d,), positive=True),
                        self.weight((d,), 0.1)], axis=-1, epsilon=1e-5)

    def gelu(self, x):
        y = self.op("Div", [x, self.const(1.4142135, np.float32)])
        y = self.op("Erf", [y])
        y = self.op("Add", [y, self.const(1.0, np.float32)])
        y = self.op("Mul", [x, y])
        return self.op("Mul", [y, self.const(0.5, np.float32)])

    def dynamic_shape(self, x, dims):
        """Shape -> Gather -> Unsqueeze -> Concat, as exports build shapes."""
        shape = self.op("Shape", [x])
        parts = []
        for d in dims:
            if isinstance(d, str):  # "i": dimension i of x
                g = self.op("Gather", [shape, self.const(int(d))], axis=0)
                parts.append(self.op("Unsqueeze", [g, self.const([0])]))
            else:
                parts.append(self.const([d]))
        return self.op("Concat", parts, axis=0)

    def attention(self, x, seq, d, heads, mask=None, causal=False):
        hd = d // heads
        q, k, v = (self.linear(x, d, d) for _ in range(3))

        def split_heads(t):
            t = self.op("Reshape", [t, self.dynamic_shape(
                t, ["0", "1", heads, hd])])
            return self.op("Transpose", [t], perm=[0, 2, 1, 3])
        q, k, v = split_heads(q), split_heads(k), split_heads(v)
        kt = self.op("Transpose", [k], perm=[0, 1, 3, 2])
        s = self.op("MatMul", [q, kt])
        s = self.op("Div", [s, self.const(float(np.sqrt(hd)), np.float32)])
        if mask is not None:
            s = self.op("Add", [s, mask])
        if causal:
            keep = np.tril(np.ones((seq, seq), dtype=bool))
            s = self.op("Where", [self.const(keep, np.bool_), s,
                                  self.const(-1e9, np.float32)])
        p = self.op("Softmax", [s], axis=-1)
        o = self.op("MatMul", [p, v])
        o = self.op("Transpose", [o], perm=[0, 2, 1, 3])
        o = self.op("Reshape", [o, self.dynamic_shape(o, ["0", "1", d])])
        return self.linear(o, d, d)

    def encoder_layer(self, x, seq, d, heads, mask=None, causal=False,
                      pre_norm=False):
        if pre_norm:  # GPT / ViT
            h = self.attention(self.layer_norm(x, d), seq, d, heads, mask,
                               causal)
            x = self.op("Add", [x, h])
            h = self.linear(self.gelu(self.linear(self.layer_norm(x, d), d,
                                                  4 * d)), 4 * d, d)
            return self.op("Add", [x, h])
        h = self.attention(x, seq, d, heads, mask, causal)  # BERT
        x = self.layer_norm(self.op("Add", [x, h]), d)
        h = self.linear(self.gelu(self.linear(x, d, 4 * d)), 4 * d, d)
        return self.layer_norm(self.op("Add", [x, h]), d)

    def bert_embeddings(self, seq, d, vocab, positions):
        """Token + position embeddings (layer-normed) of `input_ids`, and
        `attention_mask` [B, S] as the additive mask [B, 1, 1, S]."""
        emb = self.op("Gather", [self.weight((vocab, d), 0.5), "input_ids"],
                      axis=0)
        pos = self.op("Gather", [self.weight((positions, d), 0.5),
                                 self.const(np.arange(seq))], axis=0)
        x = self.layer_norm(self.op("Add", [emb, pos]), d)
        m = self.op("Unsqueeze", ["attention_mask", self.const([1, 2])])
        m = self.op("Cast", [m], to=TensorProto.FLOAT)
        m = self.op("Sub", [self.const(1.0, np.float32), m])
        m = self.op("Mul", [m, self.const(-10000.0, np.float32)])
        return x, m

    def model(self, inputs, output, name, rank=2):
        graph = helper.make_graph(
            self.nodes, name, inputs,
            [helper.make_tensor_value_info(output, TensorProto.FLOAT,
                                           ["out_%d" % i for i in range(rank)])],
            self.inits)
        model = helper.make_model(graph, opset_imports=[
            helper.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(onnx.shape_inference.infer_shapes(model))
        return model


def f32_input(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def resnet():
    g = GraphBuilder(1)
    x = g.conv_bn("image", 3, 16, 3)
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2],
             pads=[1, 1, 1, 1])
    for cin, cout, stride in ((16, 16, 1), (16, 32, 2)):
        h = g.conv_bn(x, cin, cout, 3, stride)
        h = g.conv_bn(h, cout, cout, 3, act=None)
        skip = x if cin == cout else g.conv_bn(x, cin, cout, 1, stride,
                                               act=None)
        x = g.op("Relu", [g.op("Add", [h, skip])])
    x = g.op("Flatten", [g.op("GlobalAveragePool", [x])], axis=1)
    y = g.op("Gemm", [x, g.weight((10, 32)), g.weight((10,), 0.1)], transB=1)
    return g.model([f32_input("image", [2, 3, 32, 32])], y, "resnet"), \
        {"image": np.float32}


def mobilenetv2():
    g = GraphBuilder(2)
    x = g.conv_bn("image", 3, 16, 3, 2, act="relu6")
    for cin, cout, stride, expand in ((16, 16, 1, 4), (16, 24, 2, 6),
                                      (24, 24, 1, 6)):
        hidden = cin * expand
        h = g.conv_bn(x, cin, hidden, 1, act="relu6")
        h = g.conv_bn(h, hidden, hidden, 3, stride, group=hidden,
                      act="relu6")
        h = g.conv_bn(h, hidden, cout, 1, act=None)
        x = g.op("Add", [x, h]) if cin == cout and stride == 1 else h
    x = g.op("GlobalAveragePool", [x])
    x = g.op("Reshape", [x, g.dynamic_shape(x, ["0", -1])])
    y = g.op("Gemm", [x, g.weight((10, 24)), g.weight((10,), 0.1)], transB=1)
    return g.model([f32_input("image", [1, 3, 32, 32])], y, "mobilenetv2"), \
        {"image": np.float32}


def bert():
    g = GraphBuilder(3)
    seq, d, heads, vocab = 16, 64, 4, 100
    x, m = g.bert_embeddings(seq, d, vocab, positions=seq)
    for _ in range(2):
        x = g.encoder_layer(x, seq, d, heads, mask=m)
    cls = g.op("Gather", [x, g.const(0)], axis=1)
    y = g.op("Tanh", [g.linear(cls, d, d)])
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64,
                                            [2, seq]),
              helper.make_tensor_value_info("attention_mask",
                                            TensorProto.INT64, [2, seq])]
    return g.model(inputs, y, "bert"), {"input_ids": ("ids", vocab),
                                        "attention_mask": ("mask", seq)}


def gpt():
    g = GraphBuilder(4)
    seq, d, heads, vocab = 16, 64, 4, 100
    x = g.op("Add", [g.op("Gather", [g.weight((vocab, d), 0.5), "input_ids"]),
                     g.weight((seq, d), 0.5)])
    for _ in range(2):
        x = g.encoder_layer(x, seq, d, heads, causal=True, pre_norm=True)
    x = g.layer_norm(x, d)
    y = g.op("MatMul", [x, g.weight((d, vocab))])
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64,
                                            [1, seq])]
    return g.model(inputs, y, "gpt", rank=3), {"input_ids": ("ids", vocab)}


def vit():
    g = GraphBuilder(5)
    d, heads, patch = 64, 4, 8
    x = g.op("Conv", ["image", g.weight((d, 3, patch, patch))],
             kernel_shape=[patch, patch], strides=[patch, patch])
    x = g.op("Reshape", [x, g.const([1, d, 16])])
    x = g.op("Transpose", [x], perm=[0, 2, 1])
    cls = g.weight((1, 1, d), 0.5)
    x = g.op("Concat", [cls, x], axis=1)
    x = g.op("Add", [x, g.weight((1, 17, d), 0.5)])
    for _ in range(2):
        x = g.encoder_layer(x, 17, d, heads, pre_norm=True)
    x = g.layer_norm(x, d)
    cls = g.op("Squeeze", [g.op("Slice", [x, g.const([0]), g.const([1]),
                                          g.const([1])]), g.const([1])])
    y = g.linear(cls, d, 10)
    return g.model([f32_input("image", [1, 3, 32, 32])], y, "vit"), \
        {"image": np.float32}


MODELS = {"resnet": resnet, "mobilenetv2": mobilenetv2, "bert": bert,
          "gpt": gpt, "vit": vit}


def make_inputs(model, kinds, rng):
    feeds = {}
    for inp in model.graph.input:
        dims = [d.dim_value for d in inp.type.tensor_type.shape.dim]
        kind = kinds[inp.name]
        if kind is np.float32:
            feeds[inp.name] = rng.standard_normal(dims).astype(np.float32)
        elif kind[0] == "ids":
            feeds[inp.name] = rng.integers(0, kind[1], size=dims)
        else:  # attention mask: a padded tail per row
            mask = np.ones(dims, dtype=np.int64)
            mask[0, dims[1] * 3 // 4:] = 0
            feeds[inp.name] = mask
    return feeds


def compare_with_onnxruntime(dlc, path, feeds, compare_unfused, label,
                             flags=()):
    """Runs the ONNX file at `path` through `dlc run` (with `flags`, and
    with --no-fusion if asked) and onnxruntime on `feeds`, prints the
    errors, and returns whether every output element is within tolerance."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [dlc, "run", path] + list(flags)
        for name, value in feeds.items():
            np.save(os.path.join(tmp, name + ".npy"), value)
            cmd.append("--input=@" + os.path.join(tmp, name + ".npy"))

        def run_dlc(flags):
            out = os.path.join(tmp, "out.npy")
            result = subprocess.run(cmd + flags + ["--output=" + out],
                                    capture_output=True, text=True)
            if result.returncode:
                sys.exit("dlc failed:\n" + result.stderr)
            return np.load(out)
        got = run_dlc([])
        unfused = run_dlc(["--no-fusion"]) if compare_unfused else None
    session = onnxruntime.InferenceSession(
        path, providers=["CPUExecutionProvider"])
    expected = session.run(None, feeds)[0]
    err = np.abs(got.astype(np.float64) - expected)
    ok = got.shape == expected.shape and bool(
        np.all(err <= ATOL + RTOL * np.abs(expected)))
    print("%s, output %s, output std %.3g, max abs error vs onnxruntime "
          "%.3g" % (label, "x".join(map(str, got.shape)),
                    float(expected.std()), float(err.max())))
    if unfused is not None:
        diff = np.abs(got.astype(np.float64) - unfused)
        ok = ok and bool(np.all(diff <= ATOL + RTOL * np.abs(unfused)))
        print("fused vs unfused max abs difference %.3g" % float(diff.max()))
    return ok


def run_dlc(dlc, model, feeds, expected=None):
    """Runs `model` on `feeds` through `dlc run`; returns (dlc's outputs,
    None), or (None, dlc's error). `expected(path)`, if given, is called on
    the saved model and its result returned in place of None."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        onnx.save(model, path)
        cmd = [dlc, "run", path]
        for name, value in feeds.items():
            np.save(os.path.join(tmp, name + ".npy"), value)
            cmd.append("--input=@" + os.path.join(tmp, name + ".npy"))
        outs = [os.path.join(tmp, "out%d.npy" % i)
                for i in range(len(model.graph.output))]
        result = subprocess.run(cmd + ["--output=" + o for o in outs],
                                capture_output=True, text=True)
        if result.returncode:
            return None, result.stderr.strip()
        got = [np.load(o) for o in outs]
        return got, expected(path) if expected else None


def run_dlc_and_onnxruntime(dlc, model, feeds):
    """Runs `model` on `feeds` through `dlc run` and onnxruntime; returns
    (dlc's outputs, onnxruntime's outputs), or (None, dlc's error)."""
    return run_dlc(dlc, model, feeds, lambda path: onnxruntime.InferenceSession(
        path, providers=["CPUExecutionProvider"]).run(None, feeds))


def run_checks(check, cases):
    """Command-line driver of an op test: `check(dlc, case, rng)` on every
    case, then PASS or FAIL and the exit status."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    for case in cases:
        ok = check(args.dlc, case, rng) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


def check_single_node(dlc, node, x_shape, initializers, opset, rng):
    """Compares `node` (reading graph input "x", f32 of `x_shape`, and
    `initializers`; writing "y") between dlc and onnxruntime on a random x;
    returns whether they agree."""
    graph = helper.make_graph(
        [node], node.name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 9
    model = onnx.shape_inference.infer_shapes(model)
    feeds = {"x": rng.standard_normal(x_shape).astype(np.float32)}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, node.name + ".onnx")
        onnx.save(model, path)
        return compare_with_onnxruntime(dlc, path, feeds, False, node.name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--compare-unfused", action="store_true",
                        help="also run with --no-fusion; both must agree")
    parser.add_argument("--dlc-flag", action="append", default=[],
                        help="extra flag for dlc run (repeatable), e.g. "
                        "--dlc-flag=--target=cuda")
    parser.add_argument("model", choices=sorted(MODELS))
    args = parser.parse_args()
    model, kinds = MODELS[args.model]()
    feeds = make_inputs(model, kinds, np.random.default_rng(0))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, args.model + ".onnx")
        onnx.save(model, path)
        ok = compare_with_onnxruntime(
            args.dlc, path, feeds, args.compare_unfused,
            "%s: %d nodes" % (args.model, len(model.graph.node)),
            args.dlc_flag)
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
