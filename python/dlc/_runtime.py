"""ctypes bindings of the runtime's C API (include/dlc-rt/dlc_runtime.h).

Only libdlc_runtime is loaded: running a model needs neither LLVM nor MLIR.
ctypes releases the GIL around every call, so runs from several Python
threads proceed in parallel.
"""
import ctypes
import threading

import numpy as np

from . import _paths


class Error(Exception):
    """A dlc failure, with the compiler's or runtime's message."""


class _Tensor(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("data", ctypes.c_void_p)]


class _TensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64))]


class _KernelInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("nodes", ctypes.c_char_p),
                ("flops", ctypes.c_int64), ("bytes", ctypes.c_int64)]


class _ProfileEvent(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("thread", ctypes.c_int32),
                ("kernel", ctypes.c_int64), ("iterations", ctypes.c_int64),
                ("threads", ctypes.c_int32), ("begin_ns", ctypes.c_uint64),
                ("end_ns", ctypes.c_uint64)]


PROFILE_RUN, PROFILE_KERNEL, PROFILE_PARALLEL = 0, 1, 2

# dlc_dtype -> the numpy dtype arrays of it are passed as. bf16 travels as
# its bits (uint16); Model converts from and to float32.
DTYPES = {0: np.float32, 1: np.int64, 2: np.int32, 3: np.int8, 4: np.bool_,
          5: np.float64, 6: np.float16, 7: np.int16, 8: np.uint8,
          9: np.uint16, 10: np.uint32, 11: np.uint64, 12: np.uint16}
BF16 = 12
DTYPE_NAMES = {0: "float32", 1: "int64", 2: "int32", 3: "int8", 4: "bool",
               5: "float64", 6: "float16", 7: "int16", 8: "uint8",
               9: "uint16", 10: "uint32", 11: "uint64", 12: "bfloat16"}

_lib = None
_lib_lock = threading.Lock()


def library():
    """The loaded libdlc_runtime, with argument and result types set."""
    global _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        path = _paths.runtime_library()
        if not path:
            raise Error("libdlc_runtime not found: build dlc (scripts/"
                        "build.sh) or set DLC_RUNTIME_LIB")
        lib = ctypes.CDLL(path)
        model = ctypes.c_void_p
        lib.dlc_model_load.argtypes = [ctypes.c_char_p,
                                       ctypes.POINTER(model)]
        lib.dlc_model_free.argtypes = [model]
        lib.dlc_model_free.restype = None
        for name in ("dlc_model_num_inputs", "dlc_model_num_outputs",
                     "dlc_model_num_kernels"):
            getattr(lib, name).argtypes = [model]
            getattr(lib, name).restype = ctypes.c_size_t
        for name in ("dlc_model_input", "dlc_model_output"):
            getattr(lib, name).argtypes = [model, ctypes.c_size_t]
            getattr(lib, name).restype = _TensorInfo
        lib.dlc_model_kernel.argtypes = [model, ctypes.c_size_t]
        lib.dlc_model_kernel.restype = _KernelInfo
        for name in ("dlc_model_target", "dlc_model_cpu_target"):
            getattr(lib, name).argtypes = [model]
            getattr(lib, name).restype = ctypes.c_char_p
        lib.dlc_model_run.argtypes = [model, ctypes.POINTER(_Tensor),
                                      ctypes.c_size_t,
                                      ctypes.POINTER(_Tensor),
                                      ctypes.c_size_t]
        lib.dlc_model_set_profiling.argtypes = [model, ctypes.c_int]
        lib.dlc_model_profile_events.argtypes = [
            model, ctypes.POINTER(_ProfileEvent), ctypes.c_size_t]
        lib.dlc_model_profile_events.restype = ctypes.c_size_t
        lib.dlc_last_error.argtypes = []
        lib.dlc_last_error.restype = ctypes.c_char_p
        _lib = lib
        return lib


def check(status):
    """Raises Error with the runtime's message unless `status` is DLC_OK."""
    if status != 0:
        message = library().dlc_last_error()
        raise Error(message.decode() if message else
                    "dlc runtime error %d" % status)


def tensor_info(info):
    shape = tuple(info.shape[i] for i in range(info.rank))
    return info.name.decode(), info.dtype, shape
