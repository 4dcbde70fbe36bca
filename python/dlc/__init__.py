"""dlc from Python: compile ONNX or MLIR models, run them with numpy.

    import dlc
    model = dlc.compile("model.onnx", target="cpu", input_shape={"x": [1, 3, 224, 224]})
    y = model(x)                      # numpy in, numpy out
    outputs = model.run({"x": x})     # by name
    model.save("model.so")
    model = dlc.load("model.so")      # runtime only: no LLVM/MLIR needed
    print(model.profile(x, runs=10))  # per-kernel table

Compile options are the `dlc compile` flags by name (dashes as
underscores): `input_shape`, `dim`, `place`, `freeze_input` take a dict or
a list of "NAME=VALUE" strings; `no_fusion`, `no_fallback` take booleans;
the rest a string (see docs/cli.md). Failures raise dlc.Error with the
compiler's or runtime's message.
"""
import ctypes
import os
import shutil
import subprocess
import tempfile
from collections import namedtuple

import numpy as np

from . import _paths, _runtime
from ._runtime import Error

__all__ = ["compile", "load", "Model", "Error", "TensorInfo", "Profile"]

TensorInfo = namedtuple("TensorInfo", ["name", "shape", "dtype"])

# Options whose dict form joins name and value with ':' (NODE:DEVICE).
_COLON_OPTIONS = {"place"}


def _option_flags(options):
    flags = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            flags.append(flag)
            continue
        if isinstance(value, dict):
            separator = ":" if key in _COLON_OPTIONS else "="
            value = ["%s%s%s" % (name, separator,
                                 "x".join(str(d) for d in item)
                                 if isinstance(item, (list, tuple)) else item)
                     for name, item in value.items()]
        if isinstance(value, (list, tuple)):
            flags.extend("%s=%s" % (flag, item) for item in value)
        else:
            flags.append("%s=%s" % (flag, value))
    return flags


def compile(model, target="cpu", **options):
    """Compiles `model` (a .onnx or .mlir path, or an onnx.ModelProto) and
    loads the artifact. Raises dlc.Error with the compiler's diagnostics."""
    compiler = _paths.compiler()
    if not compiler:
        raise Error("the dlc compiler was not found: build dlc "
                    "(scripts/build.sh) or set DLC_COMPILER")
    workdir = tempfile.mkdtemp(prefix="dlc-")
    try:
        if hasattr(model, "SerializeToString"):
            path = os.path.join(workdir, "model.onnx")
            with open(path, "wb") as f:
                f.write(model.SerializeToString())
        else:
            path = os.fspath(model)
        artifact = os.path.join(workdir, "model.so")
        report = os.path.join(workdir, "report.txt")
        command = [compiler, "compile", path, "-o", artifact,
                   "--target=" + target, "--report",
                   "--report-file=" + report] + _option_flags(options)
        result = subprocess.run(command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise Error((result.stderr or result.stdout).strip() or
                        "dlc compile failed (exit %d)" % result.returncode)
        loaded = load(artifact)
        loaded._path = "<compiled from %s>" % path
        if os.path.exists(report):
            with open(report) as f:
                loaded.report = f.read()
        return loaded
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def load(path):
    """Loads an artifact (runtime only)."""
    return Model(path)


def _to_bf16_bits(array):
    """float32 -> bfloat16 bits, rounded to nearest even (NaN kept NaN)."""
    bits = np.ascontiguousarray(array, np.float32).view(np.uint32)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    nan = np.isnan(array)
    return np.where(nan, (bits >> 16) | 0x40, rounded).astype(np.uint16)


def _from_bf16_bits(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


class Profile:
    """Per-kernel times of profiled runs (Model.profile)."""

    def __init__(self, kernels, runs, run_ms):
        self.kernels = kernels  # dicts, slowest first
        self.runs = runs
        self.run_ms = run_ms    # mean time per run

    def __str__(self):
        lines = ["%d run(s), %.3f ms per run" % (self.runs, self.run_ms),
                 "%-22s %6s %10s %7s %9s  %s" % (
                     "kernel", "calls", "ms/call", "share", "GFLOP/s",
                     "nodes")]
        for k in self.kernels:
            lines.append("%-22s %6d %10.4f %6.1f%% %9.1f  %s" % (
                k["name"], k["calls"], k["ms_per_call"], 100 * k["share"],
                k["gflops"], k["nodes"]))
        return "\n".join(lines)


class Model:
    """A loaded artifact: call it with numpy arrays (or DLPack tensors)."""

    def __init__(self, path):
        self._lib = _runtime.library()
        handle = ctypes.c_void_p()
        _runtime.check(self._lib.dlc_model_load(os.fsencode(path),
                                                ctypes.byref(handle)))
        self._handle = handle
        self._path = os.path.abspath(path)
        with open(path, "rb") as f:  # save() works after the file is gone
            self._artifact = f.read()
        self.report = None
        self._inputs = [_runtime.tensor_info(self._lib.dlc_model_input(
            handle, i)) for i in range(self._lib.dlc_model_num_inputs(handle))]
        self._outputs = [_runtime.tensor_info(self._lib.dlc_model_output(
            handle, i)) for i in range(self._lib.dlc_model_num_outputs(handle))]
        self.target = self._lib.dlc_model_target(handle).decode()

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            self._lib.dlc_model_free(handle)
            self._handle = None

    @property
    def inputs(self):
        return [TensorInfo(n, s, _runtime.DTYPE_NAMES[d])
                for n, d, s in self._inputs]

    @property
    def outputs(self):
        return [TensorInfo(n, s, _runtime.DTYPE_NAMES[d])
                for n, d, s in self._outputs]

    def save(self, path):
        with open(path, "wb") as f:
            f.write(self._artifact)

    def _input_array(self, value, index):
        name, dtype, shape = self._inputs[index]
        if hasattr(value, "__dlpack__") and not isinstance(value, np.ndarray):
            value = np.from_dlpack(value)
        value = np.asarray(value)
        if tuple(value.shape) != shape:
            raise Error("input %d '%s': expected shape %s, got %s" % (
                index, name, "x".join(map(str, shape)) or "scalar",
                "x".join(map(str, value.shape)) or "scalar"))
        if dtype == _runtime.BF16 and value.dtype != np.uint16:
            return _to_bf16_bits(value)
        # No copy when the array is already contiguous and of the type.
        return np.ascontiguousarray(value, _runtime.DTYPES[dtype])

    def run(self, inputs):
        """Runs the model on `inputs` (a dict by input name, or a sequence
        in signature order) and returns a dict of outputs by name."""
        if isinstance(inputs, dict):
            names = [n for n, _, _ in self._inputs]
            unknown = set(inputs) - set(names)
            if unknown:
                raise Error("unknown input(s) %s; the model takes %s" % (
                    ", ".join(sorted(unknown)), ", ".join(names)))
            missing = [n for n in names if n not in inputs]
            if missing:
                raise Error("missing input(s) %s" % ", ".join(missing))
            inputs = [inputs[n] for n in names]
        inputs = list(inputs)
        if len(inputs) != len(self._inputs):
            raise Error("the model takes %d input(s), got %d" % (
                len(self._inputs), len(inputs)))
        arrays = [self._input_array(v, i) for i, v in enumerate(inputs)]
        results = [np.empty(shape, _runtime.DTYPES[dtype])
                   for _, dtype, shape in self._outputs]
        keep = []  # shapes must outlive the call

        def tensors(values, infos):
            array = (_runtime._Tensor * max(1, len(values)))()
            for t, (value, (_, dtype, shape)) in zip(array,
                                                     zip(values, infos)):
                dims = (ctypes.c_int64 * max(1, len(shape)))(*shape)
                keep.append(dims)
                t.dtype, t.rank, t.shape = dtype, len(shape), dims
                t.data = value.ctypes.data
            return array

        status = self._lib.dlc_model_run(
            self._handle, tensors(arrays, self._inputs), len(arrays),
            tensors(results, self._outputs), len(results))
        _runtime.check(status)
        return {name: (_from_bf16_bits(r) if dtype == _runtime.BF16 else r)
                for (name, dtype, _), r in zip(self._outputs, results)}

    def __call__(self, *inputs):
        outputs = list(self.run(inputs).values())
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def profile(self, *inputs, runs=10, trace=None):
        """Runs the model `runs` times with per-kernel timing on and returns
        a Profile (str() of it is a table, slowest kernel first). With
        `trace`, also writes a Chrome/Perfetto trace there (as `dlc run
        --profile=FILE`: one event per run, kernel call and parallel
        loop)."""
        lib = self._lib
        _runtime.check(lib.dlc_model_set_profiling(self._handle, 1))
        try:
            for _ in range(runs):
                self.run(inputs)
            count = lib.dlc_model_profile_events(self._handle, None, 0)
            events = (_runtime._ProfileEvent * max(1, count))()
            count = min(count, lib.dlc_model_profile_events(
                self._handle, events, count))
        finally:
            lib.dlc_model_set_profiling(self._handle, 0)
        run_ns = sum(e.end_ns - e.begin_ns for e in events[:count]
                     if e.kind == _runtime.PROFILE_RUN)
        per_kernel = {}
        for e in events[:count]:
            if e.kind == _runtime.PROFILE_KERNEL:
                calls, ns = per_kernel.get(e.kernel, (0, 0))
                per_kernel[e.kernel] = (calls + 1, ns + e.end_ns - e.begin_ns)
        kernels = []
        for index, (calls, ns) in per_kernel.items():
            info = lib.dlc_model_kernel(self._handle, index)
            kernels.append({
                "name": info.name.decode(),
                "nodes": (info.nodes or b"").decode(),
                "calls": calls,
                "ms_per_call": ns / calls / 1e6,
                "share": ns / run_ns if run_ns else 0.0,
                "gflops": info.flops * calls / ns if ns else 0.0,
            })
        kernels.sort(key=lambda k: -k["ms_per_call"] * k["calls"])
        if trace is not None:
            self._write_trace(trace, events[:count])
        return Profile(kernels, runs, run_ns / max(1, runs) / 1e6)

    def _write_trace(self, path, events):
        import json
        names = {}
        trace = []
        for e in events:
            if e.kind == _runtime.PROFILE_RUN:
                name, args = "run", {}
            else:
                if e.kernel not in names:
                    info = self._lib.dlc_model_kernel(self._handle, e.kernel)
                    names[e.kernel] = (info.name.decode(),
                                       (info.nodes or b"").decode())
                kernel, nodes = names[e.kernel] if e.kernel >= 0 else ("", "")
                args = {"kernel": e.kernel, "nodes": nodes}
                name = kernel
                if e.kind == _runtime.PROFILE_PARALLEL:
                    name = "parallel " + kernel
                    args.update(iterations=e.iterations, threads=e.threads)
            trace.append({"name": name, "ph": "X", "pid": 1, "tid": e.thread,
                          "ts": e.begin_ns / 1e3,
                          "dur": (e.end_ns - e.begin_ns) / 1e3, "args": args})
        with open(path, "w") as f:
            json.dump({"traceEvents": trace}, f)

    def __repr__(self):
        return "dlc.Model(%r, target=%r, inputs=%s, outputs=%s)" % (
            self._path, self.target, self.inputs, self.outputs)
