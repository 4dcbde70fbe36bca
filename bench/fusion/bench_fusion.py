#!/usr/bin/env python3
"""What fusion buys: the same model compiled with and without --no-fusion.

    bench_fusion.py --dlc build/tools/dlc/dlc [--threads 1,2]

Models (ONNX, random weights, the op patterns torch.onnx.export emits, see
test/Integration/ONNX/models/onnx_models.py):
  - ln-gelu-residual: LayerNormalization -> GELU (erf form) -> residual Add
    on [1, 128, 768];
  - transformer-block: one BERT-base encoder layer (d=768, 12 heads,
    sequence 128).
For each, the kernel counts come from `dlc compile --report=json`; latency
is `dlc run --benchmark` (median), lowest of alternating rounds, with
onnxruntime's CPU provider in the same run for scale. Outputs of the two
dlc builds are compared. Prints a markdown table.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "Integration",
                                "ONNX", "models"))
sys.path.insert(0, os.path.join(HERE, "..", "models"))
from bench_models import dlc_round, ort_round  # noqa: E402
from onnx_models import GraphBuilder, f32_input  # noqa: E402

SEQ, D, HEADS = 128, 768, 12


def ln_gelu_residual():
    g = GraphBuilder(7)
    y = g.gelu(g.layer_norm("x", D))
    y = g.op("Add", [y, "x"])
    return g.model([f32_input("x", [1, SEQ, D])], y, "ln_gelu_residual",
                   rank=3)


def transformer_block():
    g = GraphBuilder(8)
    y = g.encoder_layer("x", SEQ, D, HEADS)
    return g.model([f32_input("x", [1, SEQ, D])], y, "transformer_block",
                   rank=3)


MODELS = {"ln-gelu-residual": ln_gelu_residual,
          "transformer-block": transformer_block}


def run(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit("command failed: %s\n%s" % (" ".join(cmd), out.stderr))
    return out.stdout


def kernel_count(dlc, model, flags):
    report = json.loads(run([dlc, "compile", model, "--emit=kernels",
                             "-o", os.devnull, "--report=json"] + flags))
    return report["totals"]["kernels"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--threads", default="1,%d" % os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print("| model | threads | kernels fused / unfused | fused ms "
          "| unfused ms | speedup | onnxruntime ms | fused vs unfused max "
          "abs diff |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in MODELS.items():
            path = os.path.join(tmp, name + ".onnx")
            onnx.save(build(), path)
            x = np.random.default_rng(0).standard_normal(
                (1, SEQ, D)).astype(np.float32)
            x_path = os.path.join(tmp, "x.npy")
            np.save(x_path, x)
            variants = {"fused": [], "unfused": ["--no-fusion"]}
            artifacts, outputs, kernels = {}, {}, {}
            for variant, flags in variants.items():
                kernels[variant] = kernel_count(args.dlc, path, flags)
                artifacts[variant] = os.path.join(tmp, variant + ".so")
                run([args.dlc, "compile", path, "-o", artifacts[variant]] +
                    flags)
                out = os.path.join(tmp, variant + ".npy")
                run([args.dlc, "run", artifacts[variant], "--input=@" + x_path,
                     "--output=" + out])
                outputs[variant] = np.load(out)
            diff = float(np.max(np.abs(outputs["fused"] -
                                       outputs["unfused"])))
            for t in [int(v) for v in args.threads.split(",")]:
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = t
                options.inter_op_num_threads = 1
                session = onnxruntime.InferenceSession(
                    path, options, providers=["CPUExecutionProvider"])
                times = {v: [] for v in variants}
                ort = []
                for _ in range(args.rounds):
                    for v in variants:
                        times[v].append(dlc_round(args.dlc, artifacts[v],
                                                  [x_path], t, args.runs))
                    ort.append(ort_round(session, {"x": x}, args.runs))
                f, u = min(times["fused"]), min(times["unfused"])
                print("| %s | %d | %d / %d | %.3f | %.3f | %.2fx | %.3f | "
                      "%.1e |" % (name, t, kernels["fused"],
                                  kernels["unfused"], f, u, u / f, min(ort),
                                  diff), flush=True)


if __name__ == "__main__":
    main()
