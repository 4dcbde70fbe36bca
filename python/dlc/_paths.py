"""Where the `dlc` compiler and the runtime library are.

In order: DLC_COMPILER / DLC_RUNTIME_LIB, the build directory of the
checkout this package lives in (DLC_BUILD_DIR, default <checkout>/build),
then the `dlc` on PATH and the system's libdlc_runtime.
"""
import ctypes.util
import os
import shutil

_CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _build_dir():
    return os.environ.get("DLC_BUILD_DIR", os.path.join(_CHECKOUT, "build"))


def compiler():
    """Path of the `dlc` executable, or None."""
    if os.environ.get("DLC_COMPILER"):
        return os.environ["DLC_COMPILER"]
    built = os.path.join(_build_dir(), "tools", "dlc", "dlc")
    if os.access(built, os.X_OK):
        return built
    return shutil.which("dlc")


def runtime_library():
    """Path or name of libdlc_runtime, or None."""
    if os.environ.get("DLC_RUNTIME_LIB"):
        return os.environ["DLC_RUNTIME_LIB"]
    built = os.path.join(_build_dir(), "lib", "Runtime", "libdlc_runtime.so")
    if os.path.exists(built):
        return built
    return ctypes.util.find_library("dlc_runtime")
