//===- BufferCache.cpp - per-model cache of generated code's buffers ------===//

#include "BufferCache.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>

#include <sys/mman.h>

using namespace dlc::runtime;

namespace {
/// Precedes every buffer; 64 bytes keep the buffer cache-line aligned.
struct alignas(64) Header {
  BufferCache *owner;
  size_t size;
  /// What aligned_alloc returned (the header may start past it).
  void *allocation;
};

thread_local BufferCache *currentCache = nullptr;

/// Buffers of at least this many bytes are backed by transparent huge pages:
/// a convolution's register tiles write rows a whole 4 KiB page or more
/// apart, and with 4 KiB pages MobileNetV2's large activations missed the
/// TLB (1 thread: 10.2 -> 9.6 ms with huge pages; ResNet-50 -1.5%).
constexpr size_t kHugePageBufferBytes = size_t(1) << 20;
constexpr size_t kHugePageBytes = size_t(2) << 20;
/// Huge-page buffers start at one of this many offsets, `kColorBytes` apart:
/// all starting 2 MiB-aligned, the operands of a kernel would map to the
/// same cache sets.
constexpr size_t kColors = 16, kColorBytes = 5 * 64;
std::atomic<size_t> nextColor{0};

void *allocateWithHeader(BufferCache *owner, size_t size) {
  size_t total = (sizeof(Header) + size + 63) / 64 * 64;
  void *allocation;
  Header *header;
  if (total >= kHugePageBufferBytes) {
    size_t offset = nextColor.fetch_add(1) % kColors * kColorBytes;
    total =
        (total + offset + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    allocation = std::aligned_alloc(kHugePageBytes, total);
#ifdef MADV_HUGEPAGE
    // Advice only: where the kernel has huge pages off, nothing changes.
    if (allocation)
      madvise(allocation, total, MADV_HUGEPAGE);
#endif
    header =
        reinterpret_cast<Header *>(static_cast<char *>(allocation) + offset);
  } else {
    allocation = std::aligned_alloc(64, total);
    header = static_cast<Header *>(allocation);
  }
  if (!allocation)
    return nullptr;
  header->owner = owner;
  header->size = size;
  header->allocation = allocation;
  return header + 1;
}

Header *headerOf(void *buffer) { return static_cast<Header *>(buffer) - 1; }
} // namespace

BufferCache::~BufferCache() {
  for (auto &[size, buffers] : idle)
    for (void *buffer : buffers)
      std::free(headerOf(buffer)->allocation);
}

void *BufferCache::allocate(size_t size) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = idle.find(size);
    if (it != idle.end() && !it->second.empty()) {
      void *buffer = it->second.back();
      it->second.pop_back();
      return buffer;
    }
  }
  return allocateWithHeader(this, size);
}

void BufferCache::release(void *buffer, size_t size) {
  std::lock_guard<std::mutex> lock(mutex);
  idle[size].push_back(buffer);
}

void *dlc::runtime::allocateBuffer(size_t size) {
  if (currentCache)
    return currentCache->allocate(size);
  return allocateWithHeader(nullptr, size);
}

void dlc::runtime::freeBuffer(void *buffer) {
  if (!buffer)
    return;
  Header *header = headerOf(buffer);
  if (header->owner)
    header->owner->release(buffer, header->size);
  else
    std::free(header->allocation);
}

void dlc::runtime::setCurrentBufferCache(BufferCache *cache) {
  currentCache = cache;
}

BufferCache *dlc::runtime::getCurrentBufferCache() { return currentCache; }
