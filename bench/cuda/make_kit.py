#!/usr/bin/env python3
"""Prepares the GPU checks for a machine that has a GPU but no LLVM.

    make_kit.py --dlc build/tools/dlc/dlc --out gpu-kit [--target cuda]

Compiles here, for the GPU, every model the GPU tests run (the op tests of
test/Integration/CPU/ops, the example models, the tensor-core tests of
test/Integration/CUDA/tensor-cores with their flags, the ONNX test models
of test/Integration/ONNX/models), draws their inputs and computes their
references (numpy, or onnxruntime for the ONNX models) with the same
functions and tolerances as the lit tests; and compiles the benchmarks'
models: square f32 GEMMs (1024-8192) for each --cuda-matmul-precision, and
MobileNetV2 (batch 1, 224x224). bench/cuda/run_kit.py then runs all of it
with python3, numpy and the LLVM-free runtime (copied into the kit) alone.

--target=cpu builds the same kit for this machine's CPU: run_kit.py runs
it here, which checks the kit itself (its references, its runner) without
a GPU. Writes OUT/manifest.json.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "test", "lib"))
sys.path.insert(0, os.path.join(ROOT, "test", "Integration", "ONNX",
                                "models"))
sys.path.insert(0, os.path.join(ROOT, "bench", "models"))
import check_numeric  # noqa: E402
import npref  # noqa: E402

GEMM_SIZES = (1024, 2048, 4096, 8192)
PRECISIONS = ("f32", "tf32", "f16")
# The example models with rounded contraction inputs (see
# test/Integration/CUDA/tensor-cores/examples.test).
ROUNDED_TOL = "rtol=2e-3 atol=2e-4"


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode:
        sys.exit("command failed: %s\n%s" % (" ".join(cmd), result.stderr))
    return result.stdout


def models_in(directory):
    return sorted(os.path.join(directory, f) for f in os.listdir(directory)
                  if f.endswith(".mlir"))


def numeric_cases(target):
    """(name, model, dlc flags, tolerance override) of every model the
    numeric GPU tests check."""
    ops = os.path.join(ROOT, "test", "Integration", "CPU", "ops")
    examples = [os.path.join(ROOT, "examples", m) for m in ("cnn.mlir",
                                                            "mlp.mlir")]
    cases = [(os.path.basename(m)[:-5], m, [], None)
             for m in models_in(ops) + examples]
    tensor_cores = os.path.join(ROOT, "test", "Integration", "CUDA",
                                "tensor-cores")
    for model in models_in(tensor_cores):
        flags = re.findall(r"--dlc-flag=(\S+)", open(model).read())
        cases.append((os.path.basename(model)[:-5], model, flags, None))
    for precision in ("tf32", "f16"):
        for model in examples:
            cases.append(("%s_%s" % (os.path.basename(model)[:-5], precision),
                          model, ["--cuda-matmul-precision=" + precision],
                          ROUNDED_TOL))
    # Heterogeneous artifacts (test/Integration/CUDA/heterogeneous.test):
    # values cross between GPU and CPU kernels.
    cases.append(("cnn_relu_on_cpu", examples[0],
                  ["--target=cuda,cpu", "--place=dlc.relu:cpu"], None))
    cases.append(("cnn_softmax_on_cpu", examples[0],
                  ["--target=cuda,cpu", "--place=dlc.softmax:cpu",
                   "--no-fusion"], None))
    if target == "cpu":  # no tensor cores or GPU kernels to place
        cases = [c for c in cases
                 if not any("precision" in f or "cuda" in f for f in c[2])]
    return cases


def tolerance(text, override):
    tol = dict(rtol=1e-5, atol=1e-5)
    spec = override or " ".join(re.findall(r"^// TOL: (.*)$", text, re.M))
    for key, value in re.findall(r"(rtol|atol)=(\S+)", spec):
        tol[key] = float(value)
    return tol


def make_numeric_case(args, name, model, flags, tol_override):
    """Compiles `model`, draws its inputs as check_numeric does and saves
    inputs and references to NAME.npz."""
    artifact = os.path.join(args.out, name + ".so")
    # A case's own --target replaces the kit's.
    compile_flags = [f for f in args.compile_flags
                     if not (f.startswith("--target=") and
                             any(g.startswith("--target=") for g in flags))]
    run([args.dlc, "compile", model, "-o", artifact] + compile_flags + flags)
    inputs, outputs = check_numeric.parse_signature(
        run([args.dlc, "inspect", artifact]))
    text = open(model).read()
    specs = {int(i): (k, float(lo), float(hi)) for i, k, lo, hi in re.findall(
        r"^// INPUT (\d+): (\w+) (\S+) (\S+)$", text, re.M)}
    rng = np.random.default_rng(args.seed)
    x = [check_numeric.draw(rng, d, s, specs.get(i))
         for i, (d, s) in enumerate(inputs)]
    scope = {"np": np, "npref": npref, "x": x}
    for module in re.findall(r"^// REF-IMPORT: (\w+)$", text, re.M):
        sys.path.insert(0, os.path.dirname(os.path.abspath(model)))
        scope[module] = __import__(module)
    expected = eval(" ".join(re.findall(r"^// REF: (.*)$", text, re.M)),
                    scope)
    if not isinstance(expected, tuple):
        expected = (expected,)
    arrays = {"in%d" % i: v for i, v in enumerate(x)}
    arrays.update({"ref%d" % i: np.asarray(e) for i, e in enumerate(expected)})
    np.savez(os.path.join(args.out, name + ".npz"), **arrays)
    return {"kind": "numeric", "name": name, "artifact": name + ".so",
            "data": name + ".npz", "flags": flags,
            "tol": tolerance(text, tol_override),
            "outputs": [d for d, _ in outputs]}


def make_onnx_case(args, name):
    """An ONNX test model with onnxruntime's outputs as the reference."""
    import onnx
    import onnxruntime
    import onnx_models
    model, kinds = onnx_models.MODELS[name]()
    path = os.path.join(args.out, name + ".onnx")
    onnx.save(model, path)
    feeds = onnx_models.make_inputs(model, kinds, np.random.default_rng(0))
    session = onnxruntime.InferenceSession(
        path, providers=["CPUExecutionProvider"])
    expected = session.run(None, feeds)
    artifact = os.path.join(args.out, "onnx_" + name + ".so")
    run([args.dlc, "compile", path, "-o", artifact] + args.compile_flags)
    os.remove(path)
    arrays = {"in%d" % i: v for i, v in enumerate(feeds.values())}
    arrays.update({"ref%d" % i: e for i, e in enumerate(expected)})
    np.savez(os.path.join(args.out, "onnx_" + name + ".npz"), **arrays)
    return {"kind": "numeric", "name": "onnx_" + name,
            "artifact": "onnx_" + name + ".so", "data": "onnx_" + name + ".npz",
            "flags": [], "tol": {"rtol": onnx_models.RTOL,
                                 "atol": onnx_models.ATOL},
            "outputs": ["f32"] * len(expected)}


def make_gemm_case(args, n, precision):
    name = "gemm_%d_%s" % (n, precision)
    model = os.path.join(args.out, name + ".mlir")
    with open(model, "w") as f:
        f.write("func.func @main(%%a: tensor<%dx%dxf32>, %%b: tensor<%dx%dxf32>)"
                " -> tensor<%dx%dxf32> {\n"
                "  %%0 = dlc.matmul %%a, %%b : (tensor<%dx%dxf32>, "
                "tensor<%dx%dxf32>) -> tensor<%dx%dxf32>\n"
                "  return %%0 : tensor<%dx%dxf32>\n}\n" % ((n,) * 14))
    flags = [] if precision == "f32" else ["--cuda-matmul-precision=" +
                                           precision]
    run([args.dlc, "compile", model, "-o",
         os.path.join(args.out, name + ".so")] + args.compile_flags + flags)
    os.remove(model)
    return {"kind": "gemm", "name": name, "artifact": name + ".so", "n": n,
            "precision": precision}


def make_model_case(args, precision):
    """MobileNetV2 of bench/models (random weights), for the latency table;
    run_kit.py rebuilds the ONNX file there for onnxruntime and PyTorch."""
    import onnx
    import bench_models
    model, _ = bench_models.mobilenetv2()
    name = "mobilenetv2_" + precision
    path = os.path.join(args.out, name + ".onnx")
    onnx.save(model, path)
    flags = [] if precision == "f32" else ["--cuda-matmul-precision=" +
                                           precision]
    run([args.dlc, "compile", path, "-o",
         os.path.join(args.out, name + ".so")] + args.compile_flags + flags)
    os.remove(path)
    return {"kind": "model", "name": name, "artifact": name + ".so",
            "model": "mobilenetv2", "precision": precision}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", default="cuda", choices=("cuda", "cpu"))
    parser.add_argument("--cuda-arch", default="sm_90")
    parser.add_argument("--runtime",
                        help="libdlc_runtime.so.0 to copy into the kit "
                        "(default: beside the dlc tool's build)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--no-bench", action="store_true",
                        help="numeric cases only")
    parser.add_argument("--match", help="only the numeric cases whose name "
                        "matches this regular expression")
    args = parser.parse_args()
    # Host code (and CPU kernels) for any x86-64 with AVX2: the GPU
    # machine's CPU is not this one.
    args.compile_flags = ["--target=" + args.target, "--cpu=x86-64-v3"]
    if args.target == "cuda":
        # Device code for this architecture only: the kit is carried.
        args.compile_flags += ["--cuda-arch=" + args.cuda_arch,
                               "--cuda-image=bin"]
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    runtime = args.runtime or os.path.join(
        os.path.dirname(os.path.abspath(args.dlc)), "..", "..", "lib",
        "Runtime", "libdlc_runtime.so.0")
    shutil.copy(runtime, os.path.join(args.out, "libdlc_runtime.so.0"))

    match = re.compile(args.match or "")
    jobs = [(make_numeric_case, (args,) + c)
            for c in numeric_cases(args.target) if match.search(c[0])]
    jobs += [(make_onnx_case, (args, m))
             for m in ("resnet", "mobilenetv2", "bert", "gpt", "vit")
             if match.search("onnx_" + m)]
    if not args.no_bench:
        precisions = PRECISIONS if args.target == "cuda" else ("f32",)
        jobs += [(make_gemm_case, (args, n, p)) for n in GEMM_SIZES
                 for p in precisions]
        # f16 left out: three MobileNetV2 artifacts would not fit the 64 MiB
        # that travels to the device machine.
        jobs += [(make_model_case, (args, p)) for p in precisions[:2]]
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        cases = list(pool.map(lambda job: job[0](*job[1]), jobs))
    manifest = {"target": args.target, "arch": args.cuda_arch,
                "cases": cases}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    size = sum(os.path.getsize(os.path.join(args.out, f))
               for f in os.listdir(args.out))
    print("%s: %d cases, %.1f MiB" % (args.out, len(cases), size / 2**20))


if __name__ == "__main__":
    main()
