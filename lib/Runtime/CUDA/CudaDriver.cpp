//===- CudaDriver.cpp - dlopen the CUDA driver ----------------------------===//

#include "CudaDriver.h"

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

using namespace dlc::runtime::cuda;

std::string Driver::describe(CUresult result) const {
  const char *name = nullptr, *text = nullptr;
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    name = "unknown CUDA error";
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    text = "";
  return std::string(name) + " (" + std::to_string(result) + ")" +
         (*text ? std::string(": ") + text : std::string());
}

namespace {
struct LoadedDriver {
  Driver driver{};
  const Driver *ready = nullptr;
  std::string error;
};

/// Resolves the driver symbol `name` into `slot`.
template <typename Fn>
bool resolve(void *library, const char *name, Fn &slot, std::string &error) {
  void *symbol = dlsym(library, name);
  if (!symbol) {
    error = std::string("the CUDA driver lacks ") + name;
    return false;
  }
  slot = reinterpret_cast<Fn>(symbol);
  return true;
}

void load(LoadedDriver &state) {
  const char *path = std::getenv("DLC_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *reason = dlerror();
    state.error = std::string("no CUDA driver (") + path +
                  " cannot be loaded: " + (reason ? reason : "unknown") + ")";
    return;
  }
  Driver &d = state.driver;
  std::string &e = state.error;
  // cuda.h maps some names to versioned symbols; these are those symbols.
#define DLC_RESOLVE_AS(field, symbol)                                          \
  if (!resolve(library, symbol, d.field, e))                                   \
    return;
#define DLC_RESOLVE(name) DLC_RESOLVE_AS(name, #name)
  DLC_RESOLVE(cuInit)
  DLC_RESOLVE(cuDriverGetVersion)
  DLC_RESOLVE(cuDeviceGetCount)
  DLC_RESOLVE(cuDeviceGet)
  DLC_RESOLVE(cuDeviceGetName)
  DLC_RESOLVE(cuDeviceGetAttribute)
  DLC_RESOLVE(cuDevicePrimaryCtxRetain)
  DLC_RESOLVE_AS(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2")
  DLC_RESOLVE(cuCtxSetCurrent)
  DLC_RESOLVE(cuModuleLoadData)
  DLC_RESOLVE(cuModuleUnload)
  DLC_RESOLVE(cuModuleGetFunction)
  DLC_RESOLVE(cuLaunchKernel)
  DLC_RESOLVE_AS(cuMemAlloc, "cuMemAlloc_v2")
  DLC_RESOLVE_AS(cuMemFree, "cuMemFree_v2")
  DLC_RESOLVE(cuMemcpyAsync)
  DLC_RESOLVE(cuMemsetD32Async)
  DLC_RESOLVE(cuMemsetD16Async)
  DLC_RESOLVE(cuStreamCreate)
  DLC_RESOLVE_AS(cuStreamDestroy, "cuStreamDestroy_v2")
  DLC_RESOLVE(cuStreamSynchronize)
  DLC_RESOLVE(cuGetErrorName)
  DLC_RESOLVE(cuGetErrorString)
#undef DLC_RESOLVE
#undef DLC_RESOLVE_AS
  if (CUresult result = d.cuInit(0)) {
    e = "the CUDA driver failed to initialize: " + d.describe(result);
    return;
  }
  int count = 0;
  if (CUresult result = d.cuDeviceGetCount(&count)) {
    e = "cannot count CUDA devices: " + d.describe(result);
    return;
  }
  if (count == 0) {
    e = "the CUDA driver reports no device";
    return;
  }
  state.ready = &d;
}
} // namespace

const Driver *dlc::runtime::cuda::getDriver(std::string &error) {
  static LoadedDriver state;
  static std::once_flag once;
  std::call_once(once, [] { load(state); });
  error = state.error;
  return state.ready;
}
