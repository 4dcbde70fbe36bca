"""Checks a `dlc run --profile=FILE` trace: every run holds its kernel
calls, every parallel loop lies inside the kernel it names, and each run has
one call of every kernel. Prints one summary line for FileCheck."""
import json
import sys

trace = json.load(open(sys.argv[1]))
events = trace["traceEvents"]
runs = [e for e in events if e["cat"] == "run"]
kernels = [e for e in events if e["cat"] == "kernel"]
loops = [e for e in events if e["cat"] == "parallel"]
assert runs, "no run events"
for e in events:
    assert e["ph"] == "X" and e["dur"] >= 0, e


def inside(inner, outer):
    # Microsecond timestamps printed as doubles: allow rounding.
    return (outer["ts"] - 1e-3 <= inner["ts"] and
            inner["ts"] + inner["dur"] <= outer["ts"] + outer["dur"] + 1e-3)


for k in kernels:
    assert any(inside(k, r) for r in runs), ("kernel outside runs", k)
    assert k["args"]["flops"] >= 0 and k["args"]["bytes"] > 0, k
for loop in loops:
    owners = [k for k in kernels if k["args"]["kernel"] == loop["args"]["kernel"]
              and inside(loop, k)]
    assert owners, ("parallel loop outside its kernel", loop)
    assert loop["args"]["iterations"] >= 1 and loop["args"]["threads"] >= 1
ids = sorted({k["args"]["kernel"] for k in kernels})
assert ids == list(range(len(ids))), ids
assert len(kernels) == len(ids) * len(runs), (len(kernels), len(ids), len(runs))
print("runs=%d kernels=%d loops=%d flops=%d" % (
    len(runs), len(ids), len(loops) // len(runs),
    sum(k["args"]["flops"] for k in kernels) // len(runs)))
