#!/usr/bin/env python3
"""ONNX backend node tests through dlc's CPU target.

Each test directory (model.onnx + test_data_set_*/{input,output}_*.pb) is one
test: dlc import -> dlc compile -> dlc run on every data set, outputs
compared with the expected .pb tensors. Failures are classified as
unsupported (an op dlc does not import), import, compile, run, numeric
mismatch, crash or timeout. Tests listed in exclusions.txt (training,
sequence, optional, string, random, and invalid test data) are not run.

Tolerance: the backend suite's own, rtol=1e-3 and atol=1e-7 (ONNX's
onnx.backend.test runner defaults); integer and bool outputs must match
exactly.

The exit status is non-zero when a test whose ops are all in REQUIRED_OPS
(the ONNX issue's must-have list) fails and is not listed, with its reason,
in expected_failures.txt: that is the regression gate. The
last line is "N passed, M failed" over all non-excluded tests.
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

REQUIRED_OPS = set("""
Conv BatchNormalization Relu Clip MaxPool AveragePool GlobalAveragePool Gemm
Flatten Add Sub Mul Div Pow Sqrt Erf Tanh Sigmoid Softmax MatMul Transpose
Reshape Concat Split Slice Gather Unsqueeze Squeeze Shape Expand
ConstantOfShape Constant Cast Where Equal Not ReduceMean LayerNormalization
Identity Dropout
""".split())

RTOL, ATOL = 1e-3, 1e-7
# bfloat16 outputs: one bfloat16 ulp (relative 2^-7). ONNX 1.12's reference
# data rounds float -> bfloat16 by truncation; the current spec, onnxruntime
# and dlc round to nearest even. The two differ by at most one ulp.
BF16_RTOL = 2.0 ** -7


def load_tensor(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def op_types(model_path):
    model = onnx.load(model_path, load_external_data=False)
    return sorted({n.op_type for n in model.graph.node})


def run(cmd, timeout):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def first_error(text):
    for line in text.splitlines():
        if "error" in line:
            return line.strip()[:300]
    return text.strip().splitlines()[0][:300] if text.strip() else ""


def shape_like_graph_inputs(model_path, named):
    """Indices of graph inputs (initializers excluded) holding integers, plus
    those in `named`, which import errors asked to be constant (Resize's
    float scales decide shapes too, Pad's value is an attribute of dlc)."""
    model = onnx.load(model_path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    ints = (onnx.TensorProto.INT64, onnx.TensorProto.INT32)
    return [(k, i.name) for k, i in enumerate(inputs)
            if i.type.tensor_type.elem_type in ints or i.name in named]


def bfloat16_io(model_path):
    """Names of graph inputs and outputs declared BFLOAT16. The test data of
    ONNX < 1.14 stores their values as UINT16 bit patterns."""
    model = onnx.load(model_path, load_external_data=False)
    return {v.name for v in list(model.graph.input) + list(model.graph.output)
            if v.type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16}


def as_bfloat16(path, tmp):
    """The TensorProto at `path`, retyped to BFLOAT16 if it holds UINT16 bit
    patterns (written to `tmp`); else `path` itself."""
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    if tensor.data_type != onnx.TensorProto.UINT16:
        return path
    tensor.data_type = onnx.TensorProto.BFLOAT16
    retyped = os.path.join(tmp, "bf16_" + os.path.basename(path))
    with open(retyped, "wb") as f:
        f.write(tensor.SerializeToString())
    return retyped


def bfloat16_values(array):
    """UINT16 bit patterns of bfloat16 values, as float32."""
    if array.dtype == np.uint16:
        return (array.astype(np.uint32) << 16).view(np.float32)
    return array.astype(np.float32)


def compare(ds, outputs, out_paths, bf16_outputs=()):
    for name, path in zip(outputs, out_paths):
        expected = load_tensor(os.path.join(ds, name))
        got = np.load(path)
        rtol = RTOL
        if name in bf16_outputs:
            expected = bfloat16_values(expected)
            rtol = BF16_RTOL
        if got.shape != expected.shape:
            return "%s: shape %s, expected %s" % (name, got.shape,
                                                  expected.shape)
        if expected.dtype.kind in "biu":
            ok = np.array_equal(got, expected)
        else:
            ok = np.allclose(got, expected, rtol=rtol, atol=ATOL,
                             equal_nan=True)
        if not ok:
            err = np.max(np.abs(got.astype(np.float64) -
                                expected.astype(np.float64)))
            return "%s: max abs error %.3g" % (name, err)
    return None


def attempt(dlc, test_dir, tmp, timeout, frozen):
    """One import/compile/run pass. `frozen` lists (input index, name) of
    graph inputs bound to each data set's values at compile time."""
    model = os.path.join(test_dir, "model.onnx")
    data_sets = sorted(d for d in os.listdir(test_dir)
                       if d.startswith("test_data_set"))
    compiled = None
    for data_set in data_sets:
        ds = os.path.join(test_dir, data_set)
        freeze = ["--freeze-input=%s=@%s" % (name,
                                             os.path.join(ds, "input_%d.pb" % k))
                  for k, name in frozen]
        if compiled is None or frozen:
            mlir = os.path.join(tmp, "model.mlir")
            r = run([dlc, "import", model, "-o", mlir] + freeze, timeout)
            if r.returncode < 0:
                return "crash", "import: signal %d" % -r.returncode
            if r.returncode:
                kind = "unsupported" if "unsupported op type" in r.stderr \
                    else "import"
                return kind, first_error(r.stderr)
            compiled = os.path.join(tmp, "model.so")
            r = run([dlc, "compile", mlir, "-o", compiled], timeout)
            if r.returncode < 0:
                return "crash", "compile: signal %d" % -r.returncode
            if r.returncode:
                return "compile", first_error(r.stderr)
        frozen_files = {"input_%d.pb" % k for k, _ in frozen}
        inputs = sorted((f for f in os.listdir(ds)
                         if f.startswith("input_") and f not in frozen_files),
                        key=lambda f: int(f[6:-3]))
        outputs = sorted((f for f in os.listdir(ds) if f.startswith("output_")),
                         key=lambda f: int(f[7:-3]))
        out_paths = [os.path.join(tmp, "out%d.npy" % i)
                     for i in range(len(outputs))]
        cmd = [dlc, "run", compiled]
        graph_inputs = [i.name for i in onnx.load(
            model, load_external_data=False).graph.input]
        bf16 = bfloat16_io(model)
        for f in inputs:
            path = os.path.join(ds, f)
            if graph_inputs[int(f[6:-3])] in bf16:
                path = as_bfloat16(path, tmp)
            cmd.append("--input=@" + path)
        cmd += ["--output=" + p for p in out_paths]
        r = run(cmd, timeout)
        if r.returncode < 0:
            return "crash", "run: signal %d" % -r.returncode
        if r.returncode:
            return "run", first_error(r.stderr)
        graph_outputs = [o.name for o in onnx.load(
            model, load_external_data=False).graph.output]
        bf16_outputs = {"output_%d.pb" % k
                        for k, name in enumerate(graph_outputs) if name in bf16}
        mismatch = compare(ds, outputs, out_paths, bf16_outputs)
        if mismatch:
            return "mismatch", mismatch
    return "pass", ""


def run_test(dlc, test_dir, timeout):
    """Returns (status, detail, frozen); status is 'pass' or a failure class.

    Node tests often pass shapes and axes as graph inputs. dlc compiles
    static shapes, so when import asks for such an input to be constant,
    the integer inputs (and the one asked for) are frozen to each data
    set's values (as a user would with --freeze-input) and the test is run
    again."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            status, detail = attempt(dlc, test_dir, tmp, timeout, [])
            named, frozen = set(), []
            # Each retry names at most one more input that must be constant.
            while status == "import" and "must be a constant" in detail:
                named |= set(re.findall(r"\('([^']+)'\) must be a constant",
                                        detail))
                more = shape_like_graph_inputs(
                    os.path.join(test_dir, "model.onnx"), named)
                if more == frozen:
                    break
                frozen = more
                status, detail = attempt(dlc, test_dir, tmp, timeout, frozen)
            return status, detail, bool(frozen)
        except subprocess.TimeoutExpired:
            return "timeout", "over %d s" % timeout, False


def load_exclusions_list(path):
    return {line.split()[0] for line in open(path)
            if line.strip() and not line.startswith("#")}


def load_exclusions(path):
    excluded = {}
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            name, category, reason = line.split(None, 2)
            excluded[name] = (category, reason.strip())
    return excluded


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--node-dir",
                        default="/usr/include/onnx/backend/test/data/node")
    parser.add_argument("--exclusions",
                        default=os.path.join(here, "exclusions.txt"))
    parser.add_argument("--expected-failures",
                        default=os.path.join(here, "expected_failures.txt"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--filter", default="", help="substring of test names")
    parser.add_argument("--markdown", help="write the results table here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    excluded = load_exclusions(args.exclusions)
    expected_failures = load_exclusions_list(args.expected_failures)
    tests = sorted(t for t in os.listdir(args.node_dir)
                   if args.filter in t and t not in excluded)
    ops = {t: op_types(os.path.join(args.node_dir, t, "model.onnx"))
           for t in tests}

    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_test, args.dlc,
                               os.path.join(args.node_dir, t), args.timeout): t
                   for t in tests}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()

    frozen_passes = sum(1 for s, _, f in results.values() if f and s == "pass")
    by_class = collections.Counter(s for s, _, _ in results.values())
    per_op = collections.defaultdict(lambda: [0, 0])
    for test, (status, _, _) in results.items():
        for op in ops[test]:
            per_op[op][0 if status == "pass" else 1] += 1

    required_failures = []
    for test in tests:
        status, detail, _ = results[test]
        gated = set(ops[test]) <= REQUIRED_OPS
        if status != "pass" and gated and test not in expected_failures:
            required_failures.append(test)
        if status != "pass" and (args.verbose or gated):
            tag = ""
            if gated:
                tag = "  [REQUIRED, expected]" if test in expected_failures \
                    else "  [REQUIRED]"
            print("%-60s %-11s %s%s" % (test, status, detail, tag))

    def totals(names):
        passed = sum(results[t][0] == "pass" for t in names)
        return passed, len(names) - passed

    plain = [t for t in tests if not t.endswith("_expanded")]
    expanded = [t for t in tests if t.endswith("_expanded")]
    required = [t for t in tests if set(ops[t]) <= REQUIRED_OPS]
    lines = [
        "| set | passed | failed | pass rate |",
        "| --- | --- | --- | --- |",
    ]
    for label, names in (("all (excluding %d out of scope)" % len(excluded),
                          tests), ("without _expanded", plain),
                         ("_expanded only", expanded),
                         ("ops all in the required list", required)):
        p, f = totals(names)
        lines.append("| %s | %d | %d | %.1f%% |" % (label, p, f,
                                                   100.0 * p / max(p + f, 1)))
    lines += ["", "%d passing tests needed shape-like inputs frozen "
              "(--freeze-input)." % frozen_passes]
    lines += ["", "| failure class | tests |", "| --- | --- |"]
    for cls in ("unsupported", "import", "compile", "run", "mismatch",
                "crash", "timeout"):
        lines.append("| %s | %d |" % (cls, by_class.get(cls, 0)))
    lines += ["", "| op | passed | failed |", "| --- | --- | --- |"]
    for op in sorted(per_op):
        lines.append("| %s | %d | %d |" % (op, per_op[op][0], per_op[op][1]))
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    newly_passing = [t for t in expected_failures
                     if t in results and results[t][0] == "pass"]
    if newly_passing:
        print("now passing, remove from expected_failures.txt: " +
              " ".join(sorted(newly_passing)))
    if required_failures:
        print("REGRESSION: %d test(s) with only required ops failed: %s" %
              (len(required_failures), " ".join(required_failures)))
    p, f = totals(tests)
    print("%d passed, %d failed" % (p, f))
    sys.exit(1 if required_failures else 0)


if __name__ == "__main__":
    main()
