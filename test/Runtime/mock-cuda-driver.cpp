//===- mock-cuda-driver.cpp - a CUDA driver stand-in for CPU-only tests ---===//
//
// Loaded through DLC_CUDA_DRIVER in place of libcuda.so.1, it lets the
// runtime's CUDA backend and a CUDA artifact's host program run on a
// machine without a GPU: one sm_90 device, "device" memory in host memory
// (so copies are memcpy), modules and kernels accepted but launches not
// executed (kernel results are garbage). What it checks is the host side:
// every copy, allocation and free is recorded and validated (copies must
// stay inside live allocations or plain host memory, frees must match
// allocations), and at exit it prints, with DLC_MOCK_CUDA_STATS set:
//   mock-cuda: L launches, A allocations (F freed), host-to-device B bytes
//   in N copies, device-to-host ..., device-to-device ..., E errors, S
//   streams
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

namespace {
using CUresult = int;
using CUdeviceptr = unsigned long long;
constexpr CUresult kSuccess = 0;
constexpr CUresult kInvalidValue = 1;

struct Stats {
  std::mutex mutex;
  std::map<char *, size_t> live; // allocation -> bytes
  long launches = 0, allocations = 0, frees = 0, errors = 0, streams = 0;
  long copies[3] = {0, 0, 0}; // h2d, d2h, d2d
  unsigned long long bytes[3] = {0, 0, 0};

  /// Whether [p, p + n) lies inside one live allocation; fails (counted as
  /// an error) if it overlaps one only partly.
  bool onDevice(const char *p, size_t n) {
    auto it = live.upper_bound(const_cast<char *>(p));
    if (it == live.begin())
      return false;
    --it;
    if (p >= it->first + it->second)
      return false;
    if (p + n > it->first + it->second) {
      std::fprintf(stderr,
                   "mock-cuda: copy of %zu bytes overruns an "
                   "allocation of %zu bytes\n",
                   n, it->second);
      ++errors;
    }
    return true;
  }

  ~Stats() {
    if (!std::getenv("DLC_MOCK_CUDA_STATS"))
      return;
    std::fprintf(stderr,
                 "mock-cuda: %ld launches, %ld allocations (%ld freed), "
                 "host-to-device %llu bytes in %ld copies, device-to-host "
                 "%llu bytes in %ld copies, device-to-device %llu bytes in "
                 "%ld copies, %ld errors, %ld streams\n",
                 launches, allocations, frees, bytes[0], copies[0], bytes[1],
                 copies[1], bytes[2], copies[2], errors, streams);
  }
} stats;

int dummy;
} // namespace

extern "C" {

CUresult cuInit(unsigned) { return kSuccess; }
CUresult cuDriverGetVersion(int *version) {
  *version = 13000;
  return kSuccess;
}
CUresult cuDeviceGetCount(int *count) {
  *count = 1;
  return kSuccess;
}
CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return ordinal == 0 ? kSuccess : kInvalidValue;
}
CUresult cuDeviceGetName(char *name, int length, int) {
  std::snprintf(name, length, "dlc mock device");
  return kSuccess;
}
CUresult cuDeviceGetAttribute(int *value, int attribute, int) {
  // Compute capability 9.0.
  *value = attribute == 75 ? 9 : 0;
  return kSuccess;
}
CUresult cuDevicePrimaryCtxRetain(void **context, int) {
  *context = &dummy;
  return kSuccess;
}
CUresult cuDevicePrimaryCtxRelease_v2(int) { return kSuccess; }
CUresult cuCtxSetCurrent(void *) { return kSuccess; }
CUresult cuModuleLoadData(void **module, const void *image) {
  *module = &dummy;
  return image ? kSuccess : kInvalidValue;
}
CUresult cuModuleUnload(void *) { return kSuccess; }
CUresult cuModuleGetFunction(void **function, void *, const char *name) {
  *function = &dummy;
  return name ? kSuccess : kInvalidValue;
}
CUresult cuLaunchKernel(void *, unsigned, unsigned, unsigned, unsigned,
                        unsigned, unsigned, unsigned, void *, void **,
                        void **) {
  std::lock_guard<std::mutex> lock(stats.mutex);
  ++stats.launches;
  return kSuccess;
}
CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
  void *block = std::aligned_alloc(256, (bytes + 255) / 256 * 256 + 256);
  if (!block)
    return 2; // CUDA_ERROR_OUT_OF_MEMORY
  std::lock_guard<std::mutex> lock(stats.mutex);
  stats.live[static_cast<char *>(block)] = bytes;
  ++stats.allocations;
  *pointer = reinterpret_cast<CUdeviceptr>(block);
  return kSuccess;
}
CUresult cuMemFree_v2(CUdeviceptr pointer) {
  std::lock_guard<std::mutex> lock(stats.mutex);
  auto it = stats.live.find(reinterpret_cast<char *>(pointer));
  if (it == stats.live.end()) {
    std::fprintf(stderr, "mock-cuda: free of a pointer never allocated\n");
    ++stats.errors;
    return kInvalidValue;
  }
  std::free(it->first);
  stats.live.erase(it);
  ++stats.frees;
  return kSuccess;
}
CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, size_t bytes, void *) {
  auto *to = reinterpret_cast<char *>(dst);
  auto *from = reinterpret_cast<const char *>(src);
  std::lock_guard<std::mutex> lock(stats.mutex);
  bool toDevice = stats.onDevice(to, bytes);
  bool fromDevice = stats.onDevice(from, bytes);
  if (!toDevice && !fromDevice) {
    std::fprintf(stderr, "mock-cuda: copy between two host buffers\n");
    ++stats.errors;
  }
  int kind = toDevice && fromDevice ? 2 : toDevice ? 0 : 1;
  ++stats.copies[kind];
  stats.bytes[kind] += bytes;
  std::memcpy(to, from, bytes);
  return kSuccess;
}
CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned value, size_t count,
                          void *) {
  auto *words = reinterpret_cast<unsigned *>(dst);
  for (size_t i = 0; i < count; ++i)
    words[i] = value;
  return kSuccess;
}
CUresult cuMemsetD16Async(CUdeviceptr dst, unsigned short value, size_t count,
                          void *) {
  auto *halves = reinterpret_cast<unsigned short *>(dst);
  for (size_t i = 0; i < count; ++i)
    halves[i] = value;
  return kSuccess;
}
CUresult cuStreamCreate(void **stream, unsigned) {
  std::lock_guard<std::mutex> lock(stats.mutex);
  ++stats.streams;
  *stream = &dummy;
  return kSuccess;
}
CUresult cuStreamDestroy_v2(void *) { return kSuccess; }
CUresult cuStreamSynchronize(void *) { return kSuccess; }
CUresult cuGetErrorName(CUresult, const char **name) {
  *name = "CUDA_ERROR_MOCK";
  return kSuccess;
}
CUresult cuGetErrorString(CUresult, const char **text) {
  *text = "error reported by the mock driver";
  return kSuccess;
}
}
