//===- BufferCache.cpp - per-model cache of generated code's buffers ------===//

#include "BufferCache.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>

#include <sys/mman.h>

using namespace dlc::runtime;

/// Precedes every buffer; 64 bytes keep the buffer cache-line aligned.
struct alignas(64) dlc::runtime::BufferHeader {
  BufferCache *cache;
  /// The run holding the buffer (null when idle or from the heap).
  RunBuffers *run;
  size_t size;
  /// What aligned_alloc returned (the header may start past it).
  void *allocation;
  /// The run's other buffers.
  BufferHeader *prev, *next;
};

namespace {
using Header = BufferHeader;

thread_local RunBuffers *currentRun = nullptr;
thread_local AllocationLanding *currentLanding = nullptr;
/// Why this thread's last allocation failed. Not a local of the functions
/// that jump to the landing: nothing with a destructor may be skipped.
thread_local std::string allocationError;

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

void *allocateWithHeader(BufferCache *cache, size_t size) {
  if (size > (size_t(1) << 62))
    return nullptr;
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
  *header = {cache, nullptr, size, allocation, nullptr, nullptr};
  return header + 1;
}

Header *headerOf(void *buffer) { return static_cast<Header *>(buffer) - 1; }

std::string heapRefused(size_t size) {
  return "the system refused a " + std::to_string(size) +
         "-byte buffer (malloc failed)";
}
} // namespace

BufferCache::~BufferCache() { freeIdle(); }

void BufferCache::freeIdle() {
  for (auto &[size, buffers] : idle)
    for (void *buffer : buffers) {
      held -= size;
      std::free(headerOf(buffer)->allocation);
    }
  idle.clear();
}

void *BufferCache::allocate(size_t size, std::string &error) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = idle.find(size);
    if (it != idle.end() && !it->second.empty()) {
      void *buffer = it->second.back();
      it->second.pop_back();
      return buffer;
    }
    if (limit && (size > limit || held > limit - size)) {
      freeIdle();
      if (size > limit || held > limit - size) {
        error = "a " + std::to_string(size) +
                "-byte buffer would bring the model's intermediate buffers "
                "to " +
                std::to_string(held + size) +
                " bytes, over DLC_MEMORY_LIMIT (" + std::to_string(limit) +
                " bytes)";
        return nullptr;
      }
    }
    held += size; // reserved before the lock is dropped
  }
  void *buffer = allocateWithHeader(this, size);
  if (!buffer) {
    std::lock_guard<std::mutex> lock(mutex);
    held -= size;
    error = heapRefused(size);
  }
  return buffer;
}

void BufferCache::release(void *buffer, size_t size) {
  std::lock_guard<std::mutex> lock(mutex);
  idle[size].push_back(buffer);
}

RunBuffers::~RunBuffers() {
  while (first)
    release(first);
}

void *RunBuffers::allocate(size_t size, std::string &error) {
  void *buffer = cache.allocate(size, error);
  if (!buffer)
    return nullptr;
  Header *header = headerOf(buffer);
  std::lock_guard<std::mutex> lock(mutex);
  header->run = this;
  header->prev = nullptr;
  header->next = first;
  if (first)
    first->prev = header;
  first = header;
  return buffer;
}

void RunBuffers::release(BufferHeader *header) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (header->prev)
      header->prev->next = header->next;
    else
      first = header->next;
    if (header->next)
      header->next->prev = header->prev;
    header->run = nullptr;
  }
  cache.release(header + 1, header->size);
}

void *dlc::runtime::allocateBuffer(size_t size) {
  void *buffer;
  if (currentRun) {
    buffer = currentRun->allocate(size, allocationError);
  } else {
    buffer = allocateWithHeader(nullptr, size);
    if (!buffer)
      allocationError = heapRefused(size);
  }
  if (!buffer && currentLanding) {
    currentLanding->error.swap(allocationError);
    std::longjmp(currentLanding->jump, 1);
  }
  return buffer;
}

void dlc::runtime::freeBuffer(void *buffer) {
  if (!buffer)
    return;
  Header *header = headerOf(buffer);
  if (header->run)
    header->run->release(header);
  else
    std::free(header->allocation);
}

RunBuffers *dlc::runtime::setCurrentRun(RunBuffers *run) {
  RunBuffers *previous = currentRun;
  currentRun = run;
  return previous;
}

RunBuffers *dlc::runtime::getCurrentRun() { return currentRun; }

AllocationLanding *
dlc::runtime::setAllocationLanding(AllocationLanding *landing) {
  AllocationLanding *previous = currentLanding;
  currentLanding = landing;
  return previous;
}

void dlc::runtime::failAllocation(std::string &error) {
  if (!currentLanding)
    return;
  currentLanding->error.swap(error);
  std::longjmp(currentLanding->jump, 1);
}
