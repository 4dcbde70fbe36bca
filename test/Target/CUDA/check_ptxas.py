#!/usr/bin/env python3
"""Assembles every CUDA kernel of the given models with ptxas.

Each model (a .mlir file, or every .mlir file of a directory) is compiled
with `dlc compile --target=cuda --emit=ptx --cuda-arch=ARCH`; the PTX of each
kernel module is written to its own file and assembled with
`ptxas -arch=ARCH`. Prints one line per architecture:
`ARCH: N kernels (V with vector loads or stores, T on tensor cores) from M
models, K rejected`, and the ptxas errors.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def models_of(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".mlir"):
                    yield os.path.join(path, name)
        else:
            yield path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--ptxas", required=True)
    parser.add_argument("--arch", action="append", required=True)
    parser.add_argument("--dlc-flag", action="append", default=[],
                        help="extra flag for dlc compile (repeatable)")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    models = list(models_of(args.paths))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for arch in args.arch:
            kernels = vectorized = tensor_core = rejected = 0
            for model in models:
                result = subprocess.run(
                    [args.dlc, "compile", model, "--target=cuda",
                     "--cuda-arch=" + arch, "--emit=ptx"] + args.dlc_flag,
                    capture_output=True, text=True)
                if result.returncode != 0:
                    print("%s: dlc compile failed:\n%s" % (model, result.stderr))
                    failed = True
                    continue
                modules = re.split(r"^// gpu.module @\S+\n", result.stdout,
                                   flags=re.M)[1:]
                for i, ptx in enumerate(modules):
                    kernels += 1
                    if re.search(r"\b(ld|st)\.global\.v[248]\.", ptx):
                        vectorized += 1
                    if re.search(r"\bwmma\.mma\.sync\.", ptx):
                        tensor_core += 1
                    path = os.path.join(tmp, "k%d.ptx" % i)
                    with open(path, "w") as f:
                        f.write(ptx)
                    asm = subprocess.run(
                        [args.ptxas, "-arch=" + arch, path, "-o",
                         os.path.join(tmp, "k.cubin")],
                        capture_output=True, text=True)
                    if asm.returncode != 0:
                        rejected += 1
                        print("%s kernel %d: ptxas -arch=%s:\n%s" % (
                            os.path.basename(model), i, arch, asm.stderr))
            print("%s: %d kernels (%d with vector loads or stores, %d on "
                  "tensor cores) from %d models, %d rejected" % (
                      arch, kernels, vectorized, tensor_core, len(models),
                      rejected))
            failed = failed or rejected > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
