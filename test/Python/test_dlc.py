"""The Python package (python/dlc): compile, load, run, profile, errors.

Run by scripts/test.sh with pytest. References are numpy (independent of
dlc); f32 tolerances allow for the reassociation of sums over K <= 64
(rtol 1e-5, atol 1e-5)."""
import os
import subprocess
import sys
import threading

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

import dlc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "lib"))
import npref  # noqa: E402

RNG = np.random.default_rng(7)


def mlp_model():
    """y = relu(x @ w + b), z = y * 2 as two outputs, weights as
    initializers."""
    w = RNG.standard_normal((64, 32)).astype(np.float32)
    b = RNG.standard_normal(32).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["xw"]),
         helper.make_node("Add", ["xw", "b"], ["pre"]),
         helper.make_node("Relu", ["pre"], ["y"]),
         helper.make_node("Mul", ["y", "two"], ["z"])],
        "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [8, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [8, 32]),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, [8, 32])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b"),
         numpy_helper.from_array(np.array(2, np.float32), "two")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return model, w, b


@pytest.fixture(scope="module")
def mlp():
    model, w, b = mlp_model()
    return dlc.compile(model), w, b


def test_compile_onnx_proto_and_run(mlp):
    model, w, b = mlp
    x = RNG.standard_normal((8, 64)).astype(np.float32)
    y, z = model(x)
    expected = np.maximum(x.astype(np.float64) @ w + b, 0)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(z, 2 * expected, rtol=1e-5, atol=1e-5)
    outputs = model.run({"x": x})
    assert list(outputs) == ["y", "z"]
    np.testing.assert_array_equal(outputs["y"], y)


def test_signature(mlp):
    model = mlp[0]
    assert model.inputs == [dlc.TensorInfo("x", (8, 64), "float32")]
    assert [o.name for o in model.outputs] == ["y", "z"]
    assert model.outputs[0].shape == (8, 32)
    assert model.target == "cpu"
    assert "kernel" in model.report


def test_mlir_file_save_and_load(tmp_path):
    model = dlc.compile(os.path.join(ROOT, "examples", "cnn.mlir"))
    x = RNG.random((1, 3, 32, 32), dtype=np.float32)
    probs = model(x)
    assert probs.shape == (1, 10)
    np.testing.assert_allclose(probs.sum(), 1.0, rtol=1e-5)  # a softmax
    path = tmp_path / "cnn.so"
    model.save(path)
    # Loading and running need only the runtime: no compiler in reach.
    script = ("import dlc, numpy as np, sys; m = dlc.load(sys.argv[1]); "
              "np.save(sys.argv[2], m(np.load(sys.argv[3])))")
    np.save(tmp_path / "x.npy", x)
    env = dict(os.environ, DLC_COMPILER="/nonexistent/dlc")
    subprocess.run([sys.executable, "-c", script, str(path),
                    str(tmp_path / "y.npy"), str(tmp_path / "x.npy")],
                   check=True, env=env)
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), probs)


def test_dlpack_and_conversion(mlp):
    model, w, b = mlp
    x = RNG.standard_normal((8, 64))  # float64: converted to f32

    class DLPackOnly:
        """A foreign tensor (as torch's): only the DLPack protocol."""

        def __init__(self, array):
            self.array = array

        def __dlpack__(self, stream=None):
            return self.array.__dlpack__()

        def __dlpack_device__(self):
            return self.array.__dlpack_device__()

    y_dlpack = model(DLPackOnly(x.astype(np.float32)))[0]
    y_f64 = model(x)[0]
    np.testing.assert_array_equal(y_dlpack, y_f64)


def test_bf16_output():
    graph = helper.make_graph(
        [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.BFLOAT16)],
        "cast", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [5, 7])],
        [helper.make_tensor_value_info("y", TensorProto.BFLOAT16, [5, 7])])
    model = dlc.compile(helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)]))
    assert model.outputs[0].dtype == "bfloat16"
    x = (RNG.standard_normal((5, 7)) * 100).astype(np.float32)
    np.testing.assert_array_equal(model(x), npref.bfloat16(x))


def test_errors(mlp, tmp_path):
    model = mlp[0]
    with pytest.raises(dlc.Error, match="expected shape 8x64, got 4x64"):
        model(np.zeros((4, 64), np.float32))
    with pytest.raises(dlc.Error, match="unknown input"):
        model.run({"x": np.zeros((8, 64), np.float32), "q": 1})
    with pytest.raises(dlc.Error, match="takes 1 input"):
        model()
    with pytest.raises(dlc.Error, match="cannot read model"):
        dlc.compile(str(tmp_path / "missing.onnx"))
    with pytest.raises(dlc.Error, match="target"):
        dlc.compile(mlp_model()[0], target="tpu")
    bad = tmp_path / "bad.so"
    bad.write_bytes(b"not an artifact")
    with pytest.raises(dlc.Error, match="bad.so"):
        dlc.load(bad)


def test_profile(mlp, tmp_path):
    model = mlp[0]
    trace = tmp_path / "trace.json"
    profile = model.profile(np.ones((8, 64), np.float32), runs=3,
                            trace=str(trace))
    import json
    events = json.loads(trace.read_text())["traceEvents"]
    assert sum(e["name"] == "run" for e in events) == 3
    kernel_events = [e for e in events if e["name"].startswith("main_kernel")]
    assert len(kernel_events) == 3 * len(profile.kernels)
    assert all(e["ph"] == "X" and e["dur"] >= 0 for e in events)
    assert profile.runs == 3 and profile.run_ms > 0
    assert profile.kernels and all(k["calls"] == 3 for k in profile.kernels)
    assert 0 < sum(k["share"] for k in profile.kernels) <= 1.0 + 1e-9
    assert any("MatMul" in k["nodes"] for k in profile.kernels)
    assert "ms/call" in str(profile)


def test_runs_from_threads(mlp):
    model, w, b = mlp
    xs = [RNG.standard_normal((8, 64)).astype(np.float32) for _ in range(4)]
    expected = [model(x)[0] for x in xs]
    results = [None] * 4

    def work(i):
        for _ in range(20):
            results[i] = model(xs[i])[0]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r, e in zip(results, expected):
        np.testing.assert_array_equal(r, e)
