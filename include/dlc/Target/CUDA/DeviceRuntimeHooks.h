//===- DeviceRuntimeHooks.h - CUDA calls of a host artifact -----*- C++ -*-===//
//
// Host code lowered from the gpu dialect calls MLIR's `mgpu*` wrapper
// functions (module loading, launches, device memory, streams) and loads its
// kernel modules from global constructors. An artifact must load on hosts
// without CUDA, so here those calls go through exported hook pointers that
// libdlc_runtime fills in from its CUDA backend, and module loading becomes
// the exported `dlc_artifact_device_init` / `dlc_artifact_device_fini`,
// called by the runtime once the hooks are set.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_CUDA_DEVICERUNTIMEHOOKS_H
#define DLC_TARGET_CUDA_DEVICERUNTIMEHOOKS_H

#include "dlc-rt/dlc_artifact_abi.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"
#include "llvm/IR/Module.h"

namespace dlc {

/// Prefix of the exported hook pointer of `mgpuX`: `dlc_artifact_hook_mgpuX`.
constexpr const char kDeviceHookPrefix[] = DLC_ARTIFACT_DEVICE_HOOK_PREFIX;
/// The hook behind every dlcDeviceConstant_<i> function
/// (dlc-cache-device-constants).
constexpr const char kDeviceConstantHook[] = DLC_ARTIFACT_DEVICE_CONSTANT_HOOK;

/// The `mgpu*` functions libdlc_runtime implements
/// (DLC_ARTIFACT_DEVICE_FUNCTIONS).
llvm::ArrayRef<llvm::StringRef> supportedDeviceRuntimeFunctions();

/// Routes `mgpu*` calls of `module` through hook pointers and turns its
/// global constructors/destructors into the device init/fini entry points.
/// Emits an error at `loc` for an `mgpu*` function the runtime lacks.
mlir::LogicalResult addDeviceRuntimeHooks(llvm::Module &module,
                                          mlir::Location loc);

} // namespace dlc

#endif // DLC_TARGET_CUDA_DEVICERUNTIMEHOOKS_H
