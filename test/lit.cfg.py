# lit configuration for dlc: FileCheck tests of passes and conversions,
# driver and runtime tests, and end-to-end numeric tests on the CPU.
import os

import lit.formats

config.name = "dlc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")
config.excludes = ["lib", "CMakeLists.txt", "lit.cfg.py", "Inputs", "consumer"]
# A hang fails its test instead of the whole run (lit needs psutil for it,
# installed by scripts/setup.sh). The slowest test, the ONNX node suite,
# takes about 3 minutes on 2 cores.
lit_config.maxIndividualTestTime = 600

tools = {
    "dlc": os.path.join(config.dlc_obj_root, "tools", "dlc", "dlc"),
    "dlc-opt": os.path.join(config.dlc_obj_root, "tools", "dlc-opt", "dlc-opt"),
    "runtime-api-test": os.path.join(config.dlc_obj_root, "test", "Runtime",
                                     "runtime-api-test"),
    "buffer-cache-test": os.path.join(config.dlc_obj_root, "test", "Runtime",
                                      "buffer-cache-test"),
    "thread-pool-test": os.path.join(config.dlc_obj_root, "test", "Runtime",
                                     "thread-pool-test"),
    "concurrent-runs-test": os.path.join(config.dlc_obj_root, "test",
                                         "Runtime", "concurrent-runs-test"),
    "compiler-c-api-test": os.path.join(config.dlc_obj_root, "test", "CAPI",
                                        "compiler-c-api-test"),
}

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%check-numeric",
     "%s %s --dlc %s" % (config.python_executable,
                        os.path.join(config.dlc_src_root, "test", "lib",
                                     "check_numeric.py"),
                        tools["dlc"])))
config.substitutions.append(
    ("%runtime-lib", os.path.join(config.dlc_obj_root, "lib", "Runtime",
                                  "libdlc_runtime.so")))
config.substitutions.append(
    ("%mock-cuda-driver",
     os.path.join(config.dlc_obj_root, "test", "Runtime",
                  "libdlc-mock-cuda-driver.so")))
config.substitutions.append(("%dlc-src", config.dlc_src_root))
config.substitutions.append(("%dlc-obj", config.dlc_obj_root))

# Tools are found on PATH: ours first, then FileCheck/not from LLVM.
llvm_bin = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(p) for p in tools.values()] +
    [llvm_bin, os.environ.get("PATH", "")])
config.environment["PYTHONPATH"] = os.path.join(config.dlc_src_root, "test",
                                                "lib")

# Built with ASan/UBSan (scripts/sanitize.sh): the instrumented runtime cannot
# be loaded into an uninstrumented Python.
if config.dlc_sanitizers in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("asan")
    config.environment["DLC_SANITIZED"] = "1"

# CUDA: kernels are checked with ptxas wherever the toolkit is installed; GPU
# integration tests run only where the driver finds a device.
ptxas = os.path.join(config.cuda_toolkit_dir, "bin", "ptxas")
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))


def cuda_device_present():
    import ctypes
    try:
        driver = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    count = ctypes.c_int(0)
    return (driver.cuInit(0) == 0 and
            driver.cuDeviceGetCount(ctypes.byref(count)) == 0 and
            count.value > 0)


if cuda_device_present():
    config.available_features.add("cuda-device")
