#!/usr/bin/env python3
"""Runs a kit of make_kit.py: the GPU tests and benchmarks, without LLVM.

    run_kit.py KIT [--out DIR] [--only numeric|gemm|model]

Needs python3 and numpy; the artifacts run through the kit's copy of the
LLVM-free runtime (ctypes on dlc_runtime.h). Prints, and writes to
DIR/results.md:
  - every numeric case (the GPU's outputs against the references computed
    where the kit was made, with the lit tests' tolerances), then
    `N passed, M failed`;
  - GEMM: dlc per --cuda-matmul-precision against PyTorch (cuBLAS) at the
    same precision, both called on host arrays (dlc_model_run copies inputs
    in and the result out, so PyTorch's time includes the same copies), and
    PyTorch on device-resident tensors, and dlc's kernel time (the CUDA
    profiler through torch.profiler) where available;
  - MobileNetV2 latency: dlc against PyTorch eager (torchvision's
    mobilenet_v2, same architecture) and onnxruntime, with dlc's outputs
    checked against onnxruntime's (CPU provider) on the same ONNX model.
PyTorch, torchvision and onnxruntime are optional: their columns say n/a.
"""
import argparse
import ctypes
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "test", "lib"))
sys.path.insert(0, os.path.join(ROOT, "test", "Integration", "ONNX",
                                "models"))
sys.path.insert(0, os.path.join(ROOT, "bench", "models"))
from check_numeric import FLOATS, deviation  # noqa: E402

# dlc_dtype (dlc_runtime.h) -> numpy storage type; bf16 travels as uint16.
DTYPES = [np.float32, np.int64, np.int32, np.int8, np.bool_, np.float64,
          np.float16, np.int16, np.uint8, np.uint16, np.uint32, np.uint64,
          np.uint16]
DTYPE_NAMES = ["f32", "i64", "i32", "i8", "bool", "f64", "f16", "i16", "u8",
               "u16", "u32", "u64", "bf16"]
BF16 = 12


class Tensor(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("data", ctypes.c_void_p)]


class TensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64))]


class Runtime:
    def __init__(self, path):
        lib = self.lib = ctypes.CDLL(path)
        lib.dlc_model_load.argtypes = [ctypes.c_char_p,
                                       ctypes.POINTER(ctypes.c_void_p)]
        lib.dlc_model_free.argtypes = [ctypes.c_void_p]
        for fn in ("dlc_model_num_inputs", "dlc_model_num_outputs"):
            getattr(lib, fn).argtypes = [ctypes.c_void_p]
            getattr(lib, fn).restype = ctypes.c_size_t
        for fn in ("dlc_model_input", "dlc_model_output"):
            getattr(lib, fn).argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            getattr(lib, fn).restype = TensorInfo
        lib.dlc_model_run.argtypes = [ctypes.c_void_p, ctypes.POINTER(Tensor),
                                      ctypes.c_size_t, ctypes.POINTER(Tensor),
                                      ctypes.c_size_t]
        lib.dlc_last_error.restype = ctypes.c_char_p


class Model:
    """An artifact loaded through the runtime's C API."""

    def __init__(self, runtime, path):
        self.lib = runtime.lib
        self.handle = ctypes.c_void_p()
        if self.lib.dlc_model_load(path.encode(), ctypes.byref(self.handle)):
            raise RuntimeError(self.lib.dlc_last_error().decode())
        self.inputs = [self._info(self.lib.dlc_model_input(self.handle, i))
                       for i in range(self.lib.dlc_model_num_inputs(
                           self.handle))]
        self.outputs = [self._info(self.lib.dlc_model_output(self.handle, i))
                        for i in range(self.lib.dlc_model_num_outputs(
                            self.handle))]

    @staticmethod
    def _info(info):
        return info.dtype, tuple(info.shape[i] for i in range(info.rank))

    def __del__(self):
        if self.handle:
            self.lib.dlc_model_free(self.handle)

    @staticmethod
    def _tensor(dtype, array, keep):
        shape = (ctypes.c_int64 * max(array.ndim, 1))(*array.shape)
        keep += [shape, array]
        return Tensor(dtype, array.ndim, shape, array.ctypes.data)

    def run(self, arrays):
        """Runs on numpy arrays (bf16 inputs as float32 values, outputs
        returned as float32); returns the outputs."""
        keep = []
        inputs = []
        for (dtype, shape), array in zip(self.inputs, arrays):
            if dtype == BF16:
                array = (np.asarray(array, np.float32).view(np.uint32)
                         >> 16).astype(np.uint16)
            array = np.ascontiguousarray(array, DTYPES[dtype]).reshape(shape)
            inputs.append(self._tensor(dtype, array, keep))
        outputs = [np.empty(shape, DTYPES[dtype])
                   for dtype, shape in self.outputs]
        out_tensors = [self._tensor(d, o, keep)
                       for (d, _), o in zip(self.outputs, outputs)]
        status = self.lib.dlc_model_run(
            self.handle, (Tensor * len(inputs))(*inputs), len(inputs),
            (Tensor * len(out_tensors))(*out_tensors), len(out_tensors))
        if status:
            raise RuntimeError(self.lib.dlc_last_error().decode())
        return [(o.astype(np.uint32) << 16).view(np.float32) if d == BF16
                else o for (d, _), o in zip(self.outputs, outputs)]


def check_numeric_case(runtime, kit, case):
    data = np.load(os.path.join(kit, case["data"]))
    inputs = [data["in%d" % i] for i in range(sum(
        k.startswith("in") for k in data.files))]
    refs = [data["ref%d" % i] for i in range(sum(
        k.startswith("ref") for k in data.files))]
    try:
        got = Model(runtime, os.path.join(kit, case["artifact"])).run(inputs)
    except RuntimeError as error:
        return False, str(error)
    notes, ok = [], len(got) == len(refs)
    for g, e, dtype in zip(got, refs, case["outputs"]):
        if list(g.shape) != list(e.shape):
            notes.append("shape %s, reference %s" % (g.shape, e.shape))
            ok = False
        elif dtype not in FLOATS:
            if not np.array_equal(g, e.astype(g.dtype)):
                notes.append("integer mismatch")
                ok = False
        else:
            err, bound, exact = deviation(g, e, case["tol"])
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = np.where(exact, 0.0, err / bound)
            worst = float(np.max(ratio)) if err.size else 0.0
            notes.append("%.2f of tolerance" % worst)
            ok = ok and bool(np.all(exact | (err <= bound)))
    return ok, ", ".join(notes)


def median_ms(fn, runs, sync=lambda: None):
    for _ in range(3):
        fn()
    sync()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def import_torch():
    try:
        import torch
        return torch if torch.cuda.is_available() else None
    except ImportError:
        return None


def kernel_ms(torch, fn, runs):
    """GPU time of the kernels `fn` launches per call (memory copies
    excluded), from the CUDA profiler; None if unavailable."""
    try:
        from torch.autograd import DeviceType
        from torch.profiler import ProfilerActivity, profile
        fn()
        torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            for _ in range(runs):
                fn()
            torch.cuda.synchronize()
        total_us = sum(e.device_time_total for e in prof.key_averages()
                       if e.device_type == DeviceType.CUDA and
                       not e.key.startswith(("Memcpy", "Memset")))
        return total_us / 1e3 / runs if total_us else None
    except Exception:  # the profiler is optional
        return None


def fmt(value, spec="%.2f"):
    return "n/a" if value is None else spec % value


def bench_gemm(runtime, kit, cases, torch, lines):
    lines += ["", "## GEMM (C = A*B, f32 arrays in and out)", "",
              "| n | precision | dlc ms | dlc TFLOP/s | torch ms (same copies)"
              " | dlc/torch | torch ms (device-resident) | dlc kernels ms "
              "| kernels TFLOP/s |", "|---|---|---|---|---|---|---|---|---|"]
    for case in cases:
        n, precision = case["n"], case["precision"]
        rng = np.random.default_rng(0)
        a = rng.standard_normal((n, n), np.float32)
        b = rng.standard_normal((n, n), np.float32)
        model = Model(runtime, os.path.join(kit, case["artifact"]))
        runs = 10 if n <= 2048 else 5
        dlc_ms = median_ms(lambda: model.run([a, b]), runs)
        torch_host = torch_dev = kernels = None
        if torch is not None:
            torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
            half = precision == "f16"
            sync = torch.cuda.synchronize

            def on_device(x):
                x = torch.from_numpy(x).cuda()
                return x.half() if half else x

            torch_host = median_ms(
                lambda: (on_device(a) @ on_device(b)).float().cpu(), runs,
                sync)
            da, db = on_device(a), on_device(b)
            torch_dev = median_ms(lambda: da @ db, runs, sync)
            kernels = kernel_ms(torch, lambda: model.run([a, b]), 3)
        tflops = lambda ms: None if ms is None else 2 * n**3 / ms / 1e9
        lines.append("| %d | %s | %.2f | %.1f | %s | %s | %s | %s | %s |" % (
            n, precision, dlc_ms, tflops(dlc_ms), fmt(torch_host),
            fmt(None if torch_host is None else dlc_ms / torch_host),
            fmt(torch_dev), fmt(kernels), fmt(tflops(kernels), "%.1f")))
        print(lines[-1], flush=True)


def bench_models(runtime, kit, cases, torch, lines):
    lines += ["", "## MobileNetV2 (batch 1, 1x3x224x224, random weights)", "",
              "| precision | dlc ms | torch eager ms (same copies) | dlc/torch"
              " | onnxruntime ms | onnxruntime providers | max abs diff vs "
              "onnxruntime CPU |", "|---|---|---|---|---|---|---|"]
    import bench_models as models
    from onnx_models import make_inputs
    onnx_model, kinds = models.mobilenetv2()
    feeds = make_inputs(onnx_model, kinds, np.random.default_rng(0))
    x = feeds["image"]
    reference, ort_ms, providers = None, None, "n/a"
    try:
        import onnxruntime
        providers = [p for p in ("CUDAExecutionProvider",
                                 "CPUExecutionProvider")
                     if p in onnxruntime.get_available_providers()]
        session = onnxruntime.InferenceSession(
            onnx_model.SerializeToString(), providers=providers)
        ort_ms = median_ms(lambda: session.run(None, feeds), 20)
        cpu = onnxruntime.InferenceSession(
            onnx_model.SerializeToString(),
            providers=["CPUExecutionProvider"])
        reference = cpu.run(None, feeds)[0]
        providers = ",".join(p.replace("ExecutionProvider", "")
                             for p in session.get_providers())
    except ImportError:
        pass
    eager = None
    if torch is not None:
        try:
            import torchvision
            eager = torchvision.models.mobilenet_v2().eval().cuda()
        except ImportError:
            pass
    for case in cases:
        precision = case["precision"]
        model = Model(runtime, os.path.join(kit, case["artifact"]))
        out = model.run([x])[0]
        dlc_ms = median_ms(lambda: model.run([x]), 20)
        torch_ms = None
        if eager is not None:
            torch.backends.cudnn.allow_tf32 = precision == "tf32"
            torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
            net = eager.half() if precision == "f16" else eager.float()
            dtype = torch.float16 if precision == "f16" else torch.float32

            def step():
                with torch.no_grad():
                    return net(torch.from_numpy(x).cuda().to(dtype)).cpu()
            torch_ms = median_ms(step, 20, torch.cuda.synchronize)
        diff = None if reference is None else float(
            np.max(np.abs(out.astype(np.float64) - reference)))
        lines.append("| %s | %.2f | %s | %s | %s | %s | %s |" % (
            precision, dlc_ms, fmt(torch_ms),
            fmt(None if torch_ms is None else dlc_ms / torch_ms),
            fmt(ort_ms), providers, fmt(diff, "%.1e")))
        print(lines[-1], flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kit")
    parser.add_argument("--out", help="folder for results.md")
    parser.add_argument("--only", choices=("numeric", "gemm", "model"))
    args = parser.parse_args()
    manifest = json.load(open(os.path.join(args.kit, "manifest.json")))
    runtime = Runtime(os.path.join(os.path.abspath(args.kit),
                                   "libdlc_runtime.so.0"))
    torch = import_torch()
    lines = ["# dlc GPU kit (%s, %s), %s" % (
        manifest["target"], manifest["arch"],
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))]
    if torch is not None:
        lines.append("GPU: %s; torch %s" % (torch.cuda.get_device_name(),
                                             torch.__version__))
    print("\n".join(lines), flush=True)
    failed = []
    kinds = [args.only] if args.only else ["numeric", "gemm", "model"]
    cases = {k: [c for c in manifest["cases"] if c["kind"] == k]
             for k in kinds}
    if "numeric" in cases:
        lines += ["", "## Numeric checks", ""]
        for case in cases["numeric"]:
            ok, notes = check_numeric_case(runtime, args.kit, case)
            lines.append("- %s %s: %s" % ("PASS" if ok else "FAIL",
                                          case["name"], notes))
            print(lines[-1], flush=True)
            if not ok:
                failed.append(case["name"])
        lines.append("")
        lines.append("%d passed, %d failed%s" % (
            len(cases["numeric"]) - len(failed), len(failed),
            (" (" + ", ".join(failed) + ")") if failed else ""))
        print(lines[-1], flush=True)
    if cases.get("gemm"):
        bench_gemm(runtime, args.kit, cases["gemm"], torch, lines)
    if cases.get("model"):
        bench_models(runtime, args.kit, cases["model"], torch, lines)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "results.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
