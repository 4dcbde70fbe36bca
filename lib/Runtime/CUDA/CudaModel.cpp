//===- CudaModel.cpp - CUDA hooks of a loaded artifact --------------------===//

#include "CudaModel.h"

#include "dlc-rt/dlc_artifact_abi.h"

#include <cstdint>
#include <dlfcn.h>

using namespace dlc::runtime::cuda;

namespace {
/// The model whose host code runs in this thread.
thread_local CudaModel *current = nullptr;

/// Makes `model` current for a scope.
struct CurrentModel {
  CudaModel *outer;
  explicit CurrentModel(CudaModel *model) : outer(current) { current = model; }
  ~CurrentModel() { current = outer; }
};

// The hooks, with the signatures of MLIR's CUDA runtime wrappers.
void *moduleLoad(void *data, size_t /*size*/) {
  CUmodule module = nullptr;
  if (!current->failed())
    current->check(current->driver().cuModuleLoadData(&module, data),
                   "loading a kernel module (cuModuleLoadData)");
  return module;
}

void *moduleLoadJIT(void *data, int /*optLevel*/) {
  return moduleLoad(data, 0);
}

void moduleUnload(void *module) {
  if (module)
    current->driver().cuModuleUnload(static_cast<CUmodule>(module));
}

void *moduleGetFunction(void *module, const char *name) {
  CUfunction function = nullptr;
  if (!current->failed())
    current->check(current->driver().cuModuleGetFunction(
                       &function, static_cast<CUmodule>(module), name),
                   "finding a kernel (cuModuleGetFunction)");
  return function;
}

void launchKernel(void *function, intptr_t gridX, intptr_t gridY,
                  intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                  intptr_t blockZ, int32_t sharedBytes, void *stream,
                  void **params, void **extra, size_t /*paramsCount*/) {
  if (current->failed())
    return;
  current->check(current->driver().cuLaunchKernel(
                     static_cast<CUfunction>(function), gridX, gridY, gridZ,
                     blockX, blockY, blockZ, sharedBytes,
                     static_cast<CUstream>(stream), params, extra),
                 "launching a kernel (cuLaunchKernel)");
}

void *streamCreate() {
  CUstream stream = nullptr;
  if (!current->failed())
    current->check(current->driver().cuStreamCreate(&stream, 0),
                   "creating a stream (cuStreamCreate)");
  return stream;
}

void streamDestroy(void *stream) {
  if (stream)
    current->driver().cuStreamDestroy(static_cast<CUstream>(stream));
}

void streamSynchronize(void *stream) {
  if (!current->failed() && stream)
    current->check(
        current->driver().cuStreamSynchronize(static_cast<CUstream>(stream)),
        "running the model's kernels (cuStreamSynchronize)");
}

void *memAlloc(uint64_t bytes, void * /*stream*/, bool /*hostShared*/) {
  return current->allocate(bytes);
}

void memFree(void *pointer, void * /*stream*/) { current->release(pointer); }

void memcpy(void *dst, void *src, size_t bytes, void *stream) {
  if (current->failed() || bytes == 0)
    return;
  current->check(
      current->driver().cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                                      reinterpret_cast<CUdeviceptr>(src), bytes,
                                      static_cast<CUstream>(stream)),
      "copying between host and device (cuMemcpyAsync)");
}

void memset32(void *dst, unsigned value, size_t count, void *stream) {
  if (current->failed() || count == 0)
    return;
  current->check(current->driver().cuMemsetD32Async(
                     reinterpret_cast<CUdeviceptr>(dst), value, count,
                     static_cast<CUstream>(stream)),
                 "filling device memory (cuMemsetD32Async)");
}

void memset16(void *dst, unsigned short value, size_t count, void *stream) {
  if (current->failed() || count == 0)
    return;
  current->check(current->driver().cuMemsetD16Async(
                     reinterpret_cast<CUdeviceptr>(dst), value, count,
                     static_cast<CUstream>(stream)),
                 "filling device memory (cuMemsetD16Async)");
}

void *deviceConstant(void *host, int64_t bytes) {
  return current->deviceConstant(host, static_cast<size_t>(bytes));
}

struct Hook {
  const char *name;
  void *function;
};

// Each `mgpuX` of DLC_ARTIFACT_DEVICE_FUNCTIONS is implemented here by the
// function named X without its prefix, first letter lowered.
const Hook hooks[] = {
    {"mgpuModuleLoad", reinterpret_cast<void *>(moduleLoad)},
    {"mgpuModuleLoadJIT", reinterpret_cast<void *>(moduleLoadJIT)},
    {"mgpuModuleUnload", reinterpret_cast<void *>(moduleUnload)},
    {"mgpuModuleGetFunction", reinterpret_cast<void *>(moduleGetFunction)},
    {"mgpuLaunchKernel", reinterpret_cast<void *>(launchKernel)},
    {"mgpuStreamCreate", reinterpret_cast<void *>(streamCreate)},
    {"mgpuStreamDestroy", reinterpret_cast<void *>(streamDestroy)},
    {"mgpuStreamSynchronize", reinterpret_cast<void *>(streamSynchronize)},
    {"mgpuMemAlloc", reinterpret_cast<void *>(memAlloc)},
    {"mgpuMemFree", reinterpret_cast<void *>(memFree)},
    {"mgpuMemcpy", reinterpret_cast<void *>(memcpy)},
    {"mgpuMemset32", reinterpret_cast<void *>(memset32)},
    {"mgpuMemset16", reinterpret_cast<void *>(memset16)},
    {DLC_ARTIFACT_DEVICE_CONSTANT_HOOK,
     reinterpret_cast<void *>(deviceConstant)},
};

#define DLC_COUNT_DEVICE_FUNCTION(name) +1
static_assert(sizeof(hooks) / sizeof(hooks[0]) ==
                  0 DLC_ARTIFACT_DEVICE_FUNCTIONS(DLC_COUNT_DEVICE_FUNCTION) +
                      1,
              "a hook for every function of DLC_ARTIFACT_DEVICE_FUNCTIONS, "
              "plus the device constant hook");
#undef DLC_COUNT_DEVICE_FUNCTION

/// "sm_90" -> 90; 0 if malformed.
int archNumber(const std::string &arch) {
  if (arch.rfind("sm_", 0) != 0)
    return 0;
  return std::atoi(arch.c_str() + 3);
}
} // namespace

bool CudaModel::check(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return true;
  if (firstError.empty())
    firstError =
        std::string("CUDA error while ") + what + ": " + api->describe(result);
  return false;
}

void *CudaModel::allocate(size_t bytes) {
  if (bytes == 0 || failed())
    return nullptr;
  auto it = freeBlocks.find(bytes);
  if (it != freeBlocks.end() && !it->second.empty()) {
    CUdeviceptr block = it->second.back();
    it->second.pop_back();
    return reinterpret_cast<void *>(block);
  }
  CUdeviceptr block = 0;
  if (!check(api->cuMemAlloc(&block, bytes),
             "allocating device memory (cuMemAlloc)"))
    return nullptr;
  blockSizes[block] = bytes;
  return reinterpret_cast<void *>(block);
}

void *CudaModel::deviceConstant(const void *host, size_t bytes) {
  if (failed())
    return nullptr;
  auto it = constants.find(host);
  if (it != constants.end())
    return reinterpret_cast<void *>(it->second);
  CUdeviceptr block = 0;
  // On the default stream, completed before any kernel of the run reads it.
  if (!check(api->cuMemAlloc(&block, bytes),
             "allocating device memory for a constant (cuMemAlloc)") ||
      !check(api->cuMemcpyAsync(block, reinterpret_cast<CUdeviceptr>(host),
                                bytes, nullptr),
             "copying a constant to the device (cuMemcpyAsync)") ||
      !check(api->cuStreamSynchronize(nullptr),
             "copying a constant to the device (cuStreamSynchronize)"))
    return nullptr;
  constants[host] = block;
  return reinterpret_cast<void *>(block);
}

void CudaModel::release(void *pointer) {
  auto block = reinterpret_cast<CUdeviceptr>(pointer);
  auto it = blockSizes.find(block);
  if (it != blockSizes.end())
    freeBlocks[it->second].push_back(block);
}

std::unique_ptr<CudaModel> CudaModel::attach(void *artifact,
                                             const std::string &deviceArch,
                                             std::string &error) {
  const Driver *api = getDriver(error);
  if (!api)
    return nullptr;
  std::unique_ptr<CudaModel> model(new CudaModel);
  model->api = api;
  if (!model->check(api->cuDeviceGet(&model->device, 0),
                    "opening device 0 (cuDeviceGet)") ||
      !model->check(
          api->cuDevicePrimaryCtxRetain(&model->context, model->device),
          "creating a context (cuDevicePrimaryCtxRetain)") ||
      !model->check(api->cuCtxSetCurrent(model->context),
                    "selecting the context (cuCtxSetCurrent)")) {
    error = model->firstError;
    return nullptr;
  }
  int major = 0, minor = 0;
  api->cuDeviceGetAttribute(&major, kAttributeComputeCapabilityMajor,
                            model->device);
  api->cuDeviceGetAttribute(&minor, kAttributeComputeCapabilityMinor,
                            model->device);
  int deviceArchNumber = major * 10 + minor;
  if (archNumber(deviceArch) > deviceArchNumber) {
    char name[256] = "";
    api->cuDeviceGetName(name, sizeof(name), model->device);
    error = "the artifact's kernels need " + deviceArch + ", but " + name +
            " is sm_" + std::to_string(deviceArchNumber) +
            "; recompile with --cuda-arch=sm_" +
            std::to_string(deviceArchNumber);
    return nullptr;
  }
  for (const Hook &hook : hooks) {
    std::string symbol =
        std::string(DLC_ARTIFACT_DEVICE_HOOK_PREFIX) + hook.name;
    if (auto *slot = static_cast<void **>(dlsym(artifact, symbol.c_str())))
      *slot = hook.function;
  }
  auto init = reinterpret_cast<void (*)()>(
      dlsym(artifact, DLC_ARTIFACT_DEVICE_INIT_SYMBOL));
  model->fini = reinterpret_cast<void (*)()>(
      dlsym(artifact, DLC_ARTIFACT_DEVICE_FINI_SYMBOL));
  if (init) {
    CurrentModel scope(model.get());
    init();
  }
  if (model->failed()) {
    error = model->firstError;
    return nullptr;
  }
  return model;
}

CudaModel::~CudaModel() {
  if (!api)
    return;
  if (context)
    api->cuCtxSetCurrent(context);
  if (fini) {
    CurrentModel scope(this);
    fini();
  }
  for (auto &[block, size] : blockSizes)
    api->cuMemFree(block);
  for (auto &[host, block] : constants)
    api->cuMemFree(block);
  if (context)
    api->cuDevicePrimaryCtxRelease(device);
}

bool CudaModel::run(void (*invoke)(void **), void **buffers,
                    std::string &error) {
  firstError.clear();
  if (!check(api->cuCtxSetCurrent(context),
             "selecting the context (cuCtxSetCurrent)")) {
    error = firstError;
    return false;
  }
  {
    CurrentModel scope(this);
    invoke(buffers);
  }
  if (failed()) {
    error = firstError;
    return false;
  }
  return true;
}
