"""Mutates ONNX models the way a careless exporter or a hostile file might and
checks that `dlc check` and `dlc compile --emit=linalg` handle every one
cleanly: exit status 0 or 1, and on 1 a message starting with "error: ";
never a signal, an abort or a hang. A memory limit makes an absurd
allocation fail loudly instead of swapping.

Usage: mutate_onnx.py DLC MODEL.onnx... [--cases N] [--seed S] [--jobs J]

Mutations: tensor dims (huge, negative, zero), element types, truncated or
extended raw data, attribute values (extreme ints, wrong lengths, wrong
kinds), opset versions, dangling or reordered node inputs (cycles),
graph-input dims, external-data references (escaping paths, device
files, huge offsets and lengths, non-numbers), and bytes of the serialized
file (flips, truncation).
"""

import argparse
import concurrent.futures
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile

import onnx
import onnx.numpy_helper

EXTREME_INTS = [-(1 << 62), -(1 << 31), -2, -1, 0, 1, 3, 1 << 31, 1 << 40,
                (1 << 63) - 1]


def pick_tensor(rng, model):
    tensors = list(model.graph.initializer)
    for node in model.graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.TENSOR:
                tensors.append(attr.t)
    return rng.choice(tensors) if tensors else None


def pick_attribute(rng, model):
    attrs = [a for n in model.graph.node for a in n.attribute]
    return rng.choice(attrs) if attrs else None


def mutate_model(rng, model, tmp):
    """Applies one structured mutation in place; returns its name."""
    graph = model.graph
    kinds = ["dim", "dtype", "raw", "attr_int", "attr_ints", "attr_kind",
             "opset", "dangling", "reorder", "input_dim", "external",
             "int_values", "int_values", "int_values"]
    kind = rng.choice(kinds)
    if kind == "int_values":
        # Shape operands (Reshape shapes, Slice bounds, Expand sizes, axes)
        # are small integer constants: give one an extreme value.
        tensor = pick_tensor(rng, model)
        if tensor is None or tensor.data_type not in (
                onnx.TensorProto.INT64, onnx.TensorProto.INT32):
            return None
        array = onnx.numpy_helper.to_array(tensor).copy()
        if array.size == 0 or array.size > 64:
            return None
        flat = array.reshape(-1)
        flat[rng.randrange(flat.size)] = rng.choice(
            [v for v in EXTREME_INTS
             if array.dtype.itemsize == 8 or -(1 << 31) <= v < (1 << 31)])
        tensor.CopyFrom(onnx.numpy_helper.from_array(array, tensor.name))
    elif kind == "dim":
        tensor = pick_tensor(rng, model)
        if tensor is None or not tensor.dims:
            return None
        tensor.dims[rng.randrange(len(tensor.dims))] = rng.choice(EXTREME_INTS)
    elif kind == "dtype":
        tensor = pick_tensor(rng, model)
        if tensor is None:
            return None
        tensor.data_type = rng.randrange(0, 30)
    elif kind == "raw":
        tensor = pick_tensor(rng, model)
        if tensor is None or not tensor.raw_data:
            return None
        n = len(tensor.raw_data)
        tensor.raw_data = (tensor.raw_data[:rng.randrange(n)]
                           if rng.random() < 0.7 else
                           tensor.raw_data + b"\x01" * rng.randint(1, 9))
    elif kind == "attr_int":
        attr = pick_attribute(rng, model)
        if attr is None:
            return None
        attr.type = onnx.AttributeProto.INT
        attr.i = rng.choice(EXTREME_INTS)
    elif kind == "attr_ints":
        attr = pick_attribute(rng, model)
        if attr is None:
            return None
        attr.type = onnx.AttributeProto.INTS
        del attr.ints[:]
        attr.ints.extend(rng.choice(EXTREME_INTS)
                         for _ in range(rng.randrange(0, 9)))
    elif kind == "attr_kind":
        attr = pick_attribute(rng, model)
        if attr is None:
            return None
        attr.type = rng.choice(list(onnx.AttributeProto.AttributeType.values()))
    elif kind == "opset":
        for opset in model.opset_import:
            opset.version = rng.choice([-1, 0, 1, 6, 1000, 1 << 40])
    elif kind == "dangling":
        nodes = [n for n in graph.node if n.input]
        if not nodes:
            return None
        node = rng.choice(nodes)
        node.input[rng.randrange(len(node.input))] = rng.choice(
            ["nowhere", "", graph.node[-1].output[0]])
    elif kind == "reorder":
        if len(graph.node) < 2:
            return None
        nodes = list(graph.node)
        i, j = rng.randrange(len(nodes)), rng.randrange(len(nodes))
        nodes[i], nodes[j] = nodes[j], nodes[i]
        del graph.node[:]
        graph.node.extend(nodes)
    elif kind == "input_dim":
        if not graph.input:
            return None
        shape = rng.choice(graph.input).type.tensor_type.shape
        if not shape.dim:
            return None
        dim = shape.dim[rng.randrange(len(shape.dim))]
        if rng.random() < 0.2:
            dim.dim_param = rng.choice(["", "n", "x" * 300])
        else:
            dim.dim_value = rng.choice(EXTREME_INTS)
    else:  # external
        tensors = [t for t in graph.initializer if t.raw_data]
        if not tensors:
            return None
        tensor = rng.choice(tensors)
        data = tensor.raw_data
        tensor.ClearField("raw_data")
        tensor.data_location = onnx.TensorProto.EXTERNAL
        del tensor.external_data[:]
        open(os.path.join(tmp, "weights.bin"), "wb").write(data)
        location = rng.choice(["weights.bin", "../weights.bin", "/etc/passwd",
                               "/dev/zero", "/dev/urandom", "missing.bin",
                               "", ".", "sub/../weights.bin"])
        entries = [("location", location)]
        if rng.random() < 0.5:
            entries.append(("offset", rng.choice(
                ["0", "-1", "abc", str(1 << 40), "99999999999999999999"])))
        if rng.random() < 0.5:
            entries.append(("length", rng.choice(
                ["0", "-5", str(len(data)), str(1 << 40), "1e3"])))
        for key, value in entries:
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
    return kind


def external_locations(data, path):
    """The files a model's external initializers live in, so that each case
    directory gets a copy next to its mutated model."""
    model = onnx.ModelProto()
    model.ParseFromString(data)
    locations = set()
    for tensor in model.graph.initializer:
        for entry in tensor.external_data:
            if entry.key == "location":
                locations.add(os.path.join(os.path.dirname(path), entry.value))
    return sorted(location for location in locations
                  if os.path.isfile(location))


def freeze_inputs(model, path):
    """Node-suite models take their shape operands as graph inputs: turn
    the inputs of their first test case into initializers, so mutated
    values reach the importer's constant evaluation and shape code."""
    data_dir = os.path.join(os.path.dirname(path), "test_data_set_0")
    if not os.path.isdir(data_dir):
        return
    for i, info in enumerate(list(model.graph.input)):
        pb = os.path.join(data_dir, "input_%d.pb" % i)
        if not os.path.exists(pb):
            return
        tensor = onnx.TensorProto()
        tensor.ParseFromString(open(pb, "rb").read())
        tensor.name = info.name
        model.graph.initializer.append(tensor)
    del model.graph.input[:]


def limit_memory():
    # AddressSanitizer reserves terabytes of shadow address space; its own
    # allocator limit stands in for the cap (scripts/sanitize.sh).
    if os.environ.get("DLC_SANITIZED"):
        return
    gib = 1 << 30
    resource.setrlimit(resource.RLIMIT_AS, (8 * gib, 8 * gib))


def run_case(dlc, path, label):
    problems = []
    for command in ([dlc, "check", path],
                    [dlc, "compile", path, "--emit=linalg", "-o",
                     os.devnull]):
        try:
            result = subprocess.run(command, capture_output=True, timeout=120,
                                    preexec_fn=limit_memory)
        except subprocess.TimeoutExpired:
            problems.append("%s: hang: %s" % (label, " ".join(command[:2])))
            continue
        # `dlc check` reports import errors on stdout.
        stderr = (result.stderr + result.stdout).decode(errors="replace")
        clean = result.returncode == 0 or (
            result.returncode == 1 and
            ("error: " in stderr or "would reject" in stderr))
        if not clean:
            problems.append("%s: %s exit %d: %s" % (
                label, command[1], result.returncode,
                result.stderr.decode(errors="replace").strip().splitlines()[0][:300]
                if result.stderr.strip()
                else "(no message)"))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dlc")
    parser.add_argument("models", nargs="+")
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="directory for the failing files")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    originals = [open(path, "rb").read() for path in args.models]
    external_files = [external_locations(data, path)
                      for data, path in zip(originals, args.models)]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for case in range(args.cases):
            index = rng.randrange(len(originals))
            case_dir = os.path.join(tmp, "case%d" % case, "model")
            os.makedirs(case_dir)
            for source in external_files[index]:
                shutil.copy(source, case_dir)
            if rng.random() < 0.2:
                data = bytearray(originals[index])
                if rng.random() < 0.5:
                    del data[rng.randrange(len(data)):]
                else:
                    for _ in range(rng.randint(1, 8)):
                        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                kind = "bytes"
            else:
                model = onnx.ModelProto()
                model.ParseFromString(originals[index])
                if rng.random() < 0.5:
                    freeze_inputs(model, args.models[index])
                kind = None
                while kind is None:
                    kind = mutate_model(rng, model, case_dir)
                data = model.SerializeToString()
            path = os.path.join(case_dir, "model.onnx")
            open(path, "wb").write(bytes(data))
            name = os.path.basename(args.models[index])
            if name == "model.onnx":  # the node suite: name its directory
                name = os.path.basename(os.path.dirname(args.models[index]))
            label = "case %d (%s of %s)" % (case, kind, name)
            jobs.append((path, label))
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = pool.map(lambda job: (job, run_case(args.dlc, *job)),
                               jobs)
            for (path, label), problems in results:
                failures += problems
                if problems and args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    name = label.split(" (")[0].replace(" ", "")
                    os.replace(path, os.path.join(args.keep, name + ".onnx"))
    print("%d mutated models: %d failures" % (len(jobs), len(failures)))
    for failure in failures[:30]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
