//===- CudaModel.h - a loaded artifact's CUDA state -------------*- C++ -*-===//
//
// A CUDA artifact's host code calls `mgpu*` functions through hook pointers
// (see lib/Target/CUDA/DeviceRuntimeHooks.h). CudaModel implements them on
// the driver API: it owns the model's context, kernel modules and a caching
// device allocator, and records the first failing CUDA call so that the run
// reports it (later calls of that run do nothing).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_RUNTIME_CUDA_CUDAMODEL_H
#define DLC_LIB_RUNTIME_CUDA_CUDAMODEL_H

#include "CudaDriver.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace dlc::runtime::cuda {

class CudaModel {
public:
  /// Opens the driver and device 0, fills the artifact's hooks and loads its
  /// kernel modules. On failure returns null and sets `error`.
  static std::unique_ptr<CudaModel>
  attach(void *artifact, const std::string &deviceArch, std::string &error);
  ~CudaModel();

  /// Calls `invoke(buffers)` with this model's CUDA state current. Returns
  /// false and sets `error` if a CUDA call failed.
  bool run(void (*invoke)(void **), void **buffers, std::string &error);

  // Implementations of the hooks (called with this model current).
  void *allocate(size_t bytes);
  void release(void *pointer);
  /// A device copy of the constant at `host` (`bytes` long), made on first
  /// use and kept until the model is freed.
  void *deviceConstant(const void *host, size_t bytes);
  bool check(CUresult result, const char *what);
  bool failed() const { return !firstError.empty(); }
  const Driver &driver() const { return *api; }

private:
  CudaModel() = default;

  const Driver *api = nullptr;
  CUdevice device = 0;
  CUcontext context = nullptr;
  void (*fini)() = nullptr;
  std::string firstError;
  /// Freed device blocks by size, reused by later allocations of that size.
  std::unordered_map<size_t, std::vector<CUdeviceptr>> freeBlocks;
  std::unordered_map<CUdeviceptr, size_t> blockSizes;
  /// Device copies of the artifact's constants, by host address.
  std::unordered_map<const void *, CUdeviceptr> constants;
};

} // namespace dlc::runtime::cuda

#endif // DLC_LIB_RUNTIME_CUDA_CUDAMODEL_H
