#!/usr/bin/env python3
"""dlc vs onnxruntime and OpenVINO on full-size models, in one run on one
machine.

    bench_models.py --dlc build/tools/dlc/dlc [--threads 1,2] [--models ...]
        [--dlc-flag=--cpu=x86-64-v4 ...]

Models (random weights, built with the ONNX op patterns torch.onnx.export
emits, see test/Integration/ONNX/models/onnx_models.py): ResNet-50 and
MobileNetV2 at 1x3x224x224, a BERT-base encoder (12 layers, d=768, 12 heads)
at batch 1, sequence 128. For each thread count, dlc (DLC_NUM_THREADS) and
onnxruntime's CPU provider (intra_op_num_threads, all graph optimizations)
and OpenVINO's CPU plugin (PyPI `openvino`, INFERENCE_NUM_THREADS, forced
to f32 with INFERENCE_PRECISION_HINT=f32: it picks bf16 by default on CPUs
with AVX512-BF16) are timed in alternating rounds; each reports the lowest
per-round median. The ratio is dlc over the faster peer. Outputs are compared (max abs difference) so a fast wrong answer
cannot pass unnoticed. Prints a markdown table.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "Integration",
                                "ONNX", "models"))
from onnx_models import GraphBuilder, f32_input, make_inputs  # noqa: E402


def resnet50():
    g = GraphBuilder(50)
    x = g.conv_bn("image", 3, 64, 7, 2)
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2],
             pads=[1, 1, 1, 1])
    cin = 64
    for width, blocks, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2),
                                  (512, 3, 2)):
        for i in range(blocks):
            s = stride if i == 0 else 1
            h = g.conv_bn(x, cin, width, 1)
            h = g.conv_bn(h, width, width, 3, s)
            h = g.conv_bn(h, width, width * 4, 1, act=None)
            skip = x if i > 0 else g.conv_bn(x, cin, width * 4, 1, s,
                                             act=None)
            x = g.op("Relu", [g.op("Add", [h, skip])])
            cin = width * 4
    x = g.op("Flatten", [g.op("GlobalAveragePool", [x])], axis=1)
    y = g.op("Gemm", [x, g.weight((1000, 2048)), g.weight((1000,), 0.1)],
             transB=1)
    return g.model([f32_input("image", [1, 3, 224, 224])], y, "resnet50"), \
        {"image": np.float32}


def mobilenetv2():
    g = GraphBuilder(2)
    x = g.conv_bn("image", 3, 32, 3, 2, act="relu6")
    cin = 32
    for t, c, n, s in ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2),
                       (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                       (6, 320, 1, 1)):
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = cin * t
            h = x if t == 1 else g.conv_bn(x, cin, hidden, 1, act="relu6")
            h = g.conv_bn(h, hidden, hidden, 3, stride, group=hidden,
                          act="relu6")
            h = g.conv_bn(h, hidden, c, 1, act=None)
            x = g.op("Add", [x, h]) if cin == c and stride == 1 else h
            cin = c
    x = g.conv_bn(x, cin, 1280, 1, act="relu6")
    x = g.op("GlobalAveragePool", [x])
    x = g.op("Reshape", [x, g.dynamic_shape(x, ["0", -1])])
    y = g.op("Gemm", [x, g.weight((1000, 1280)), g.weight((1000,), 0.1)],
             transB=1)
    return g.model([f32_input("image", [1, 3, 224, 224])], y,
                   "mobilenetv2"), {"image": np.float32}


def bert_base():
    g = GraphBuilder(3)
    seq, d, heads, vocab = 128, 768, 12, 30522
    x, m = g.bert_embeddings(seq, d, vocab, positions=512)
    for _ in range(12):
        x = g.encoder_layer(x, seq, d, heads, mask=m)
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64,
                                            [1, seq]),
              helper.make_tensor_value_info("attention_mask",
                                            TensorProto.INT64, [1, seq])]
    return g.model(inputs, x, "bert_base", rank=3), \
        {"input_ids": ("ids", vocab), "attention_mask": ("mask", seq)}


MODELS = {"resnet50": resnet50, "mobilenetv2": mobilenetv2,
          "bert-base": bert_base}


def dlc_round(dlc, artifact, inputs, threads, runs):
    env = dict(os.environ, DLC_NUM_THREADS=str(threads))
    cmd = [dlc, "run", artifact] + ["--input=@" + p for p in inputs] + \
        ["--benchmark=%d" % runs]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit("dlc run failed:\n" + out.stderr)
    return float(re.search(r"median=([0-9.]+)", out.stdout).group(1))


def ort_round(session, feeds, runs):
    session.run(None, feeds)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        session.run(None, feeds)
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def openvino_model(path, threads):
    """An OpenVINO CPU model in f32, or None without openvino."""
    try:
        import openvino
    except ImportError:
        return None
    core = openvino.Core()
    return core.compile_model(path, "CPU", {
        "INFERENCE_NUM_THREADS": threads, "INFERENCE_PRECISION_HINT": "f32",
        "PERFORMANCE_HINT": "LATENCY"})


def openvino_round(compiled, feeds, runs):
    request = compiled.create_infer_request()
    request.infer(feeds)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        request.infer(feeds)
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--threads", default="1,%d" % os.cpu_count())
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--dlc-flag", action="append", default=[],
                        help="an extra `dlc compile` flag")
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]

    print("| model | threads | dlc ms | onnxruntime ms | OpenVINO ms "
          "| dlc / best peer | dlc compile s | max abs diff |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            model, kinds = MODELS[name]()
            path = os.path.join(tmp, name + ".onnx")
            onnx.save(model, path)
            feeds = make_inputs(model, kinds, np.random.default_rng(0))
            inputs = []
            for key, value in feeds.items():
                inputs.append(os.path.join(tmp, key + ".npy"))
                np.save(inputs[-1], value)
            artifact = os.path.join(tmp, name + ".so")
            t0 = time.perf_counter()
            out = subprocess.run([args.dlc, "compile", path, "-o", artifact] +
                                 args.dlc_flag,
                                 capture_output=True, text=True)
            compile_s = time.perf_counter() - t0
            if out.returncode:
                sys.exit("dlc compile failed:\n" + out.stderr)

            result = os.path.join(tmp, "out.npy")
            subprocess.run([args.dlc, "run", artifact] +
                           ["--input=@" + p for p in inputs] +
                           ["--output=" + result], check=True,
                           capture_output=True)
            for t in threads:
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = t
                options.inter_op_num_threads = 1
                session = onnxruntime.InferenceSession(
                    path, options, providers=["CPUExecutionProvider"])
                diff = float(np.max(np.abs(
                    np.load(result) - session.run(None, feeds)[0])))
                ov = openvino_model(path, t)
                dlc_ms, ort_ms, ov_ms = [], [], []
                for _ in range(args.rounds):
                    dlc_ms.append(dlc_round(args.dlc, artifact, inputs, t,
                                            args.runs))
                    ort_ms.append(ort_round(session, feeds, args.runs))
                    if ov is not None:
                        ov_ms.append(openvino_round(ov, feeds, args.runs))
                d, o = min(dlc_ms), min(ort_ms)
                v = min(ov_ms) if ov_ms else float("nan")
                best = min(o, v) if ov_ms else o
                print("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f | %.1e |" %
                      (name, t, d, o, v, d / best, compile_s, diff),
                      flush=True)


if __name__ == "__main__":
    main()
