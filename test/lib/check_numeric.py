#!/usr/bin/env python3
"""End-to-end numeric check of one model against a numpy reference.

The model file (MLIR) carries its reference in comments:

    // REF: np.maximum(x[0] + x[1], 0)        expression over inputs x[i]
    // REF-IMPORT: generate                   module beside the model, for REF
    // INPUT 1: uniform 0.1 2                 optional distribution of input 1
    // INPUT 0: int 0 5                       integers in [0, 5)
    // TOL: rtol=1e-5 atol=1e-6               optional tolerance (--tol
                                              overrides it)

It compiles the model with `dlc compile` (for --target, default cpu), reads
the signature with `dlc inspect`, draws random inputs, runs `dlc run` with
.npy files, and compares every output to the reference with numpy.allclose.
Multiple outputs: REF evaluates to a tuple. With --compare-unfused it also
compiles the model with --no-fusion and checks that both agree. Given several models, it checks
each and ends with a line `N passed, M failed`.
"""
import argparse
import importlib
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

import npref  # noqa: F401  (used by REF expressions)

# bf16 values travel as float32 .npy files (numpy has no bfloat16).
DTYPES = {"f32": np.float32, "f64": np.float64, "f16": np.float16,
          "bf16": np.float32, "i64": np.int64, "i32": np.int32,
          "i16": np.int16, "i8": np.int8, "u64": np.uint64, "u32": np.uint32,
          "u16": np.uint16, "u8": np.uint8, "bool": np.bool_}
FLOATS = ("f32", "f64", "f16", "bf16")


class CommandFailed(Exception):
    pass


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write("command failed: %s\n%s%s" % (
            " ".join(cmd), result.stdout, result.stderr))
        raise CommandFailed()
    return result.stdout


def parse_signature(text):
    inputs, outputs = [], []
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0] in ("input", "output"):
            dtype, shape = fields[3], fields[4]
            dims = [] if shape == "scalar" else [int(d) for d in shape.split("x")]
            (inputs if fields[0] == "input" else outputs).append((dtype, dims))
    return inputs, outputs


def draw(rng, dtype, dims, spec):
    kind, lo, hi = spec if spec else ("uniform", -1.0, 1.0)
    if dtype == "bool":
        return rng.integers(0, 2, size=dims).astype(np.bool_)
    if kind == "int" or dtype not in FLOATS:
        lo, hi = (lo, hi) if spec else (0, 10)
        return rng.integers(int(lo), int(hi), size=dims).astype(DTYPES[dtype])
    values = rng.uniform(lo, hi, size=dims).astype(DTYPES[dtype])
    return npref.bfloat16(values) if dtype == "bf16" else values


def deviation(got, expected, tol):
    """|got - expected|, the allowed bound, and where the two are exactly
    equal (matching NaNs and infinities included)."""
    exact = (np.isnan(got) & np.isnan(expected)) | (got == expected)
    with np.errstate(invalid="ignore"):
        err = np.where(exact, 0.0, np.abs(got.astype(np.float64) -
                                          expected.astype(np.float64)))
        bound = tol["atol"] + tol["rtol"] * np.abs(expected.astype(np.float64))
    return err, bound, exact


def check(args, model):
    """Checks one model; returns True if every output matches."""
    text = open(model).read()
    refs = re.findall(r"^// REF: (.*)$", text, re.M)
    if not refs:
        sys.exit("%s: no '// REF:' line" % model)
    ref_expr = " ".join(refs)
    specs = {int(i): (k, float(lo), float(hi)) for i, k, lo, hi in re.findall(
        r"^// INPUT (\d+): (\w+) (\S+) (\S+)$", text, re.M)}
    tol = dict(rtol=1e-5, atol=1e-5)
    tol_text = args.tol or " ".join(re.findall(r"^// TOL: (.*)$", text, re.M))
    for key, value in re.findall(r"(rtol|atol)=(\S+)", tol_text):
        tol[key] = float(value)

    cpu_flags = (["--cpu=" + args.cpu] if args.cpu else []) + args.dlc_flag
    with tempfile.TemporaryDirectory() as tmp:
        def compile_and_run(name, flags):
            so = os.path.join(tmp, name + ".so")
            run([args.dlc, "compile", model, "-o", so,
                 "--target=" + args.target] + cpu_flags + flags)
            cmd = [args.dlc, "run", so] + ["--input=@" + p for p in in_paths]
            out_paths = [os.path.join(tmp, "%s%d.npy" % (name, i))
                         for i in range(len(outputs_sig))]
            run(cmd + ["--output=" + p for p in out_paths])
            return [np.load(p) for p in out_paths]

        so = os.path.join(tmp, "signature.so")
        run([args.dlc, "compile", model, "-o", so, "--target=" + args.target])
        inputs_sig, outputs_sig = parse_signature(run([args.dlc, "inspect", so]))
        rng = np.random.default_rng(args.seed)
        x = [draw(rng, d, s, specs.get(i)) for i, (d, s) in enumerate(inputs_sig)]
        in_paths = [os.path.join(tmp, "in%d.npy" % i) for i in range(len(x))]
        for path, value in zip(in_paths, x):
            np.save(path, value)
        got = compile_and_run("out", [])
        unfused = compile_and_run("unfused", ["--no-fusion"]) \
            if args.compare_unfused else None

    scope = {"np": np, "npref": npref, "x": x}
    model_dir = os.path.dirname(os.path.abspath(model))
    for name in re.findall(r"^// REF-IMPORT: (\w+)$", text, re.M):
        sys.path.insert(0, model_dir)
        scope[name] = importlib.import_module(name)
    expected = eval(ref_expr, scope)
    if not isinstance(expected, tuple):
        expected = (expected,)
    if len(expected) != len(got):
        print("reference gives %d outputs, model %d" % (len(expected), len(got)))
        return False
    ok = True
    for i, (g, e) in enumerate(zip(got, expected)):
        e = np.asarray(e)
        dtype, dims = outputs_sig[i]
        if list(g.shape) != list(e.shape):
            print("output %d: shape %s, reference %s" % (i, g.shape, e.shape))
            ok = False
            continue
        if dtype not in FLOATS:
            if not np.array_equal(g, e.astype(g.dtype)):
                print("output %d: integer mismatch" % i)
                ok = False
            continue
        err, bound, exact = deviation(g, e, tol)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(exact, 0.0, err / bound)
        worst = float(np.max(ratio)) if err.size else 0.0
        print("output %d: %s max_abs_err=%.3g (%.2f of tolerance)" % (
            i, "x".join(map(str, g.shape)) or "scalar",
            float(err.max()) if err.size else 0.0, worst))
        if not np.all(exact | (err <= bound)):
            ok = False
    if unfused is not None:
        # Fusion only regroups the same arithmetic: the two programs must
        # agree within the model's own tolerance (in practice to rounding).
        for i, (g, u) in enumerate(zip(got, unfused)):
            diff, bound, exact = deviation(g, u, tol)
            print("output %d: fused vs unfused max_abs_diff=%.3g" % (
                i, float(diff.max()) if diff.size else 0.0))
            if not np.all(exact | (diff <= bound)):
                ok = False
    print("PASS" if ok else "FAIL")
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--target", default="cpu")
    parser.add_argument("--cpu", help="passed to dlc compile --cpu")
    parser.add_argument("--dlc-flag", action="append", default=[],
                        help="extra flag for dlc compile (repeatable), e.g. "
                        "--dlc-flag=--cuda-matmul-precision=tf32")
    parser.add_argument("--tol", help="tolerance replacing the models' own "
                        "TOL lines, e.g. 'rtol=2e-3 atol=2e-4'")
    parser.add_argument("--compare-unfused", action="store_true",
                        help="also run the model compiled with --no-fusion "
                        "and compare the two")
    parser.add_argument("models", nargs="+",
                        help="model files, or directories of *.mlir models")
    args = parser.parse_args()
    models = []
    for path in args.models:
        if os.path.isdir(path):
            models += sorted(os.path.join(path, f) for f in os.listdir(path)
                             if f.endswith(".mlir"))
        else:
            models.append(path)
    passed = 0
    for model in models:
        if len(models) > 1:
            print("== %s" % os.path.basename(model))
        try:
            passed += check(args, model)
        except CommandFailed:
            print("FAIL")
    if len(models) > 1:
        print("%d passed, %d failed" % (passed, len(models) - passed))
    sys.exit(0 if passed == len(models) else 1)


if __name__ == "__main__":
    main()
