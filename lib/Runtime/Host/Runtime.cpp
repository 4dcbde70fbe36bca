//===- Runtime.cpp - load and run dlc artifacts ---------------------------===//
//
// An artifact is a shared object (dlc_artifact_abi.h): checked on disk first
// (ArtifactFile.h), then, to run it, loaded with dlopen and its hooks filled.
//
//===----------------------------------------------------------------------===//

#include "../CUDA/CudaModel.h"
#include "ArtifactFile.h"
#include "ArtifactMetadata.h"
#include "BufferCache.h"
#include "Profiler.h"
#include "ThreadPool.h"
#include "dlc-rt/dlc_artifact_abi.h"
#include "dlc-rt/dlc_runtime.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

using namespace dlc::runtime;

namespace {
thread_local std::string lastError;

dlc_status fail(dlc_status status, const std::string &message) {
  lastError = message;
  return status;
}

std::string shapeString(const int64_t *shape, int32_t rank) {
  if (rank == 0)
    return "scalar";
  std::ostringstream os;
  for (int32_t i = 0; i < rank; ++i)
    os << (i ? "x" : "") << shape[i];
  return os.str();
}

using InvokeFn = void (*)(void **);
using ParallelForFn = void (*)(ParallelBody, void *, int64_t);
using AllocFn = void *(*)(size_t);
using FreeFn = void (*)(void *);
using ProfileFn = void (*)(int64_t, int32_t);

/// The pool of the model running in this thread: artifacts' parallel loops
/// call the exported hook below, which finds their pool here.
thread_local ThreadPool *currentPool = nullptr;

void parallelForHook(ParallelBody body, void *context, int64_t n) {
  RunProfile *profile = getCurrentProfile();
  uint64_t begin = profile ? profileClock() : 0;
  int threads = 1;
  if (currentPool)
    threads = currentPool->parallelFor(body, context, n);
  else
    body(context, 0, n);
  if (profile)
    profile->parallelLoop(begin, profileClock(), n, threads);
}
} // namespace

struct dlc_model {
  void *handle = nullptr;
  InvokeFn invoke = nullptr;
  /// The process's pool for this thread count (ThreadPool::shared); null when
  /// the artifact has no parallel loops or one thread is asked for.
  ThreadPool *pool = nullptr;
  /// Intermediate buffers, kept across runs; concurrent runs take distinct
  /// buffers from it.
  BufferCache buffers;
  explicit dlc_model(size_t memoryLimit = 0) : buffers(memoryLimit) {}
  /// Set for CUDA artifacts: context, kernel modules, device memory.
  std::unique_ptr<cuda::CudaModel> cuda;
  /// CUDA runs share the model's device buffers: one at a time.
  std::mutex cudaRunMutex;
  std::string path;
  ArtifactMetadata metadata;
  /// False for models opened for inspection only.
  bool prepared = false;
  /// The artifact's profile hook pointer; null if it has none.
  ProfileFn *profileHook = nullptr;
  std::atomic<bool> profiling{false};
  /// Recorded events (`profileMutex`), timed from `profileOrigin`.
  std::mutex profileMutex;
  std::vector<dlc_profile_event> profileEvents;
  std::atomic<uint64_t> profileOrigin{0};
};

extern "C" {

size_t dlc_dtype_size(dlc_dtype dtype) {
  switch (dtype) {
#define DLC_DTYPE_SIZE_CASE(value, name, bytes)                                \
  case value:                                                                  \
    return bytes;
    DLC_ARTIFACT_DTYPES(DLC_DTYPE_SIZE_CASE)
#undef DLC_DTYPE_SIZE_CASE
  }
  return 0;
}

const char *dlc_dtype_name(dlc_dtype dtype) {
  switch (dtype) {
#define DLC_DTYPE_NAME_CASE(value, name, bytes)                                \
  case value:                                                                  \
    return name;
    DLC_ARTIFACT_DTYPES(DLC_DTYPE_NAME_CASE)
#undef DLC_DTYPE_NAME_CASE
  }
  return "?";
}

const char *dlc_last_error(void) { return lastError.c_str(); }

} // extern "C"

/// DLC_MEMORY_LIMIT: bytes, or a number with a K, M or G suffix (powers of
/// 1024); 0 or unset: no limit.
static bool readMemoryLimit(size_t &limit, std::string &error) {
  limit = 0;
  const char *text = std::getenv("DLC_MEMORY_LIMIT");
  if (!text || !*text)
    return true;
  char *end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text, &end, 10);
  int shift = 0;
  if (end != text && *end) {
    shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : -1;
    ++end;
  }
  if (end == text || *end || shift < 0 || errno == ERANGE || text[0] == '-' ||
      value > (~0ULL >> (shift + 2))) {
    error = std::string("DLC_MEMORY_LIMIT='") + text +
            "' is not a byte count (such as 1073741824, 512M or 2G)";
    return false;
  }
  limit = size_t(value) << shift;
  return true;
}

/// Opens and checks an artifact; `prepare` also readies its devices, thread
/// pool and allocator hooks so that it can run.
static dlc_status openArtifact(const char *path, dlc_model **model,
                               bool prepare) {
  *model = nullptr;
  ArtifactMetadata metadata;
  std::string error;
  size_t memoryLimit = 0;
  if (prepare && !readMemoryLimit(memoryLimit, error))
    return fail(DLC_ERROR_ARGUMENT, error);
  if (dlc_status status = readArtifactFile(
          path, prepare ? ArtifactUse::Load : ArtifactUse::Inspect, metadata,
          error))
    return fail(status, error);
  auto result = new dlc_model(memoryLimit);
  result->path = path;
  result->metadata = std::move(metadata);
  int version = result->metadata.formatVersion;
  if (version != DLC_ARTIFACT_FORMAT_VERSION) {
    dlc_model_free(result);
    return fail(DLC_ERROR_FORMAT,
                std::string(path) + ": artifact format version " +
                    std::to_string(version) + " is not supported (this " +
                    "runtime reads version " +
                    std::to_string(DLC_ARTIFACT_FORMAT_VERSION) +
                    "); recompile the model with this version of dlc");
  }
  const std::string &target = result->metadata.target;
  // Inspection reads the file only; nothing of it is loaded or run.
  if (!prepare) {
    *model = result;
    return DLC_OK;
  }
  // dlopen searches the library path for names without a slash.
  std::string loadPath =
      std::strchr(path, '/') ? path : "./" + std::string(path);
  void *handle = dlopen(loadPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    dlc_model_free(result);
    return fail(DLC_ERROR_FORMAT,
                std::string(path) +
                    ": not a loadable dlc artifact: " + dlerror());
  }
  result->handle = handle;
  result->invoke =
      reinterpret_cast<InvokeFn>(dlsym(handle, DLC_ARTIFACT_INVOKE_SYMBOL));
  if (!result->invoke) {
    dlc_model_free(result);
    return fail(DLC_ERROR_FORMAT,
                std::string(path) + ": not a dlc artifact (no " +
                    DLC_ARTIFACT_INVOKE_SYMBOL + " function)");
  }
  if (target == "cuda") {
    std::string error;
    result->cuda =
        cuda::CudaModel::attach(handle, result->metadata.deviceArch, error);
    if (!result->cuda) {
      std::string arch = result->metadata.deviceArch;
      dlc_model_free(result);
      return fail(DLC_ERROR_DEVICE,
                  std::string(path) + ": this artifact was compiled for cuda" +
                      (arch.empty() ? "" : " (" + arch + ")") +
                      " and cannot run here: " + error +
                      ". To run the model on this host's CPU, recompile it "
                      "with `dlc compile <model> --target=cpu`");
    }
  } else if (target != "cpu") {
    std::string message = std::string(path) +
                          ": this artifact was compiled for " + target +
                          ", which this runtime cannot run; recompile " +
                          "with `dlc compile ... --target=cpu`";
    dlc_model_free(result);
    return fail(DLC_ERROR_DEVICE, message);
  }
  // Artifacts with parallel loops export a hook pointer to fill in.
  if (auto *hook = static_cast<ParallelForFn *>(
          dlsym(handle, DLC_ARTIFACT_PARALLEL_FOR_SYMBOL))) {
    *hook = parallelForHook;
    int threads = defaultThreadCount();
    if (threads > 1)
      result->pool = &ThreadPool::shared(threads);
  }
  if (auto *hook =
          static_cast<AllocFn *>(dlsym(handle, DLC_ARTIFACT_ALLOC_SYMBOL)))
    *hook = allocateBuffer;
  if (auto *hook =
          static_cast<FreeFn *>(dlsym(handle, DLC_ARTIFACT_FREE_SYMBOL)))
    *hook = freeBuffer;
  result->profileHook =
      static_cast<ProfileFn *>(dlsym(handle, DLC_ARTIFACT_PROFILE_SYMBOL));
  result->prepared = true;
  *model = result;
  return DLC_OK;
}

extern "C" {

dlc_status dlc_model_load(const char *path, dlc_model **model) {
  return openArtifact(path, model, /*prepare=*/true);
}

dlc_status dlc_model_open(const char *path, dlc_model **model) {
  return openArtifact(path, model, /*prepare=*/false);
}

void dlc_model_free(dlc_model *model) {
  if (!model)
    return;
  // Kernel modules are unloaded through the artifact's code: before dlclose.
  model->cuda.reset();
  if (model->handle)
    dlclose(model->handle);
  delete model;
}

size_t dlc_model_num_inputs(const dlc_model *model) {
  return model->metadata.inputs.size();
}

size_t dlc_model_num_outputs(const dlc_model *model) {
  return model->metadata.outputs.size();
}

static dlc_tensor_info toInfo(const TensorSignature &sig) {
  return {sig.name.c_str(), sig.dtype, static_cast<int32_t>(sig.shape.size()),
          sig.shape.data()};
}

dlc_tensor_info dlc_model_input(const dlc_model *model, size_t index) {
  return toInfo(model->metadata.inputs.at(index));
}

dlc_tensor_info dlc_model_output(const dlc_model *model, size_t index) {
  return toInfo(model->metadata.outputs.at(index));
}

const char *dlc_model_target(const dlc_model *model) {
  return model->metadata.target.c_str();
}

const char *dlc_model_device_arch(const dlc_model *model) {
  return model->metadata.deviceArch.c_str();
}

const char *dlc_model_cpu_target(const dlc_model *model) {
  return model->metadata.cpuTarget.c_str();
}

int dlc_model_planned_memory(const dlc_model *model, uint64_t *weight_bytes,
                             uint64_t *workspace_bytes) {
  const ArtifactMetadata &meta = model->metadata;
  if (meta.weightBytes < 0 || meta.workspaceBytes < 0)
    return 0;
  *weight_bytes = uint64_t(meta.weightBytes);
  *workspace_bytes = uint64_t(meta.workspaceBytes);
  return 1;
}

size_t dlc_model_num_kernels(const dlc_model *model) {
  return model->metadata.kernels.size();
}

dlc_kernel_info dlc_model_kernel(const dlc_model *model, size_t index) {
  const KernelInfo &kernel = model->metadata.kernels.at(index);
  return {kernel.name.c_str(), kernel.nodes.c_str(), kernel.flops,
          kernel.bytes};
}

dlc_status dlc_model_set_profiling(dlc_model *model, int enabled) {
  if (!model->profileHook)
    return fail(DLC_ERROR_ARGUMENT,
                model->path + ": cannot profile this artifact (" +
                    (model->prepared ? "it has no profiling hooks; CPU "
                                       "artifacts of this dlc have them"
                                     : "opened for inspection only") +
                    ")");
  if (enabled) {
    std::lock_guard<std::mutex> lock(model->profileMutex);
    model->profileEvents.clear();
    model->profileOrigin = profileClock();
    // Left set afterwards: models that share the loaded artifact and do
    // not profile find no RunProfile in their thread. Atomic: runs of
    // another model of the same artifact may be reading it.
    __atomic_store_n(model->profileHook, &kernelHook, __ATOMIC_RELEASE);
  }
  model->profiling = enabled != 0;
  return DLC_OK;
}

size_t dlc_model_profile_events(dlc_model *model, dlc_profile_event *events,
                                size_t capacity) {
  std::lock_guard<std::mutex> lock(model->profileMutex);
  size_t count = model->profileEvents.size();
  if (events)
    std::copy_n(model->profileEvents.begin(), std::min(capacity, count),
                events);
  return count;
}

static dlc_status checkTensor(const char *kind, size_t index,
                              const TensorSignature &sig,
                              const dlc_tensor &tensor) {
  std::string what =
      std::string(kind) + " #" + std::to_string(index) + " '" + sig.name + "'";
  std::string expected =
      std::string(dlc_dtype_name(sig.dtype)) + " " +
      shapeString(sig.shape.data(), static_cast<int32_t>(sig.shape.size()));
  std::string got = std::string(dlc_dtype_name(tensor.dtype)) + " " +
                    shapeString(tensor.shape, tensor.rank);
  bool matches = tensor.dtype == sig.dtype &&
                 tensor.rank == static_cast<int32_t>(sig.shape.size());
  for (int32_t i = 0; matches && i < tensor.rank; ++i)
    matches = tensor.shape[i] == sig.shape[i];
  if (!matches)
    return fail(DLC_ERROR_ARGUMENT,
                what + ": expected " + expected + ", got " + got);
  int64_t numElements = 1;
  for (int64_t dim : sig.shape)
    numElements *= dim;
  if (!tensor.data && numElements > 0)
    return fail(DLC_ERROR_ARGUMENT, what + ": data pointer is null");
  return DLC_OK;
}

dlc_status dlc_model_run(dlc_model *model, const dlc_tensor *inputs,
                         size_t num_inputs, dlc_tensor *outputs,
                         size_t num_outputs) {
  const ArtifactMetadata &meta = model->metadata;
  if (num_inputs != meta.inputs.size())
    return fail(DLC_ERROR_ARGUMENT,
                "model takes " + std::to_string(meta.inputs.size()) +
                    " input(s), got " + std::to_string(num_inputs));
  if (num_outputs != meta.outputs.size())
    return fail(DLC_ERROR_ARGUMENT,
                "model produces " + std::to_string(meta.outputs.size()) +
                    " output(s), got " + std::to_string(num_outputs) +
                    " output buffer(s)");
  if (!model->prepared)
    return fail(DLC_ERROR_DEVICE, model->path +
                                      ": opened for inspection only "
                                      "(dlc_model_open); load it with "
                                      "dlc_model_load to run it");
  std::vector<void *> buffers;
  for (size_t i = 0; i < num_inputs; ++i) {
    if (dlc_status s = checkTensor("input", i, meta.inputs[i], inputs[i]))
      return s;
    buffers.push_back(inputs[i].data);
  }
  for (size_t i = 0; i < num_outputs; ++i) {
    if (dlc_status s = checkTensor("output", i, meta.outputs[i], outputs[i]))
      return s;
    buffers.push_back(outputs[i].data);
  }
  ThreadPool *outerPool = currentPool;
  currentPool = model->pool;
  RunBuffers run(model->buffers);
  RunBuffers *outerRun = setCurrentRun(&run);
  std::unique_ptr<RunProfile> profile;
  if (model->profiling)
    profile = std::make_unique<RunProfile>(model->profileOrigin);
  RunProfile *outerProfile = setCurrentProfile(profile.get());
  std::string deviceError;
  bool ok = true, allocationFailed = false;
  AllocationLanding landing;
  if (model->cuda) {
    std::lock_guard<std::mutex> lock(model->cudaRunMutex);
    ok = model->cuda->run(model->invoke, buffers.data(), deviceError);
  } else {
    // A failed allocation jumps back here (allocateBuffer); only generated
    // code and the thread pool's loop lie between.
    AllocationLanding *outerLanding = setAllocationLanding(&landing);
    if (setjmp(landing.jump) == 0)
      model->invoke(buffers.data());
    else
      allocationFailed = true;
    setAllocationLanding(outerLanding);
  }
  currentPool = outerPool;
  setCurrentRun(outerRun);
  setCurrentProfile(outerProfile);
  if (profile) {
    std::vector<dlc_profile_event> events = profile->finish();
    std::lock_guard<std::mutex> lock(model->profileMutex);
    model->profileEvents.insert(model->profileEvents.end(), events.begin(),
                                events.end());
  }
  if (allocationFailed) {
    std::string message = "out of memory: " + landing.error +
                          "; the run was "
                          "stopped and its buffers freed";
    if (meta.workspaceBytes >= 0)
      message += " (the model plans at most " +
                 std::to_string(meta.workspaceBytes) +
                 " bytes of intermediate buffers per run)";
    return fail(DLC_ERROR_MEMORY, message);
  }
  if (!ok)
    return fail(DLC_ERROR_DEVICE, model->path + ": " + deviceError);
  return DLC_OK;
}

} // extern "C"
