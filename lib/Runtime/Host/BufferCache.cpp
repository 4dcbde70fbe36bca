//===- BufferCache.cpp - per-model cache of generated code's buffers ------===//

#include "BufferCache.h"

#include <cstdint>
#include <cstdlib>

using namespace dlc::runtime;

namespace {
/// Precedes every buffer; 64 bytes keep the buffer cache-line aligned.
struct alignas(64) Header {
  BufferCache *owner;
  size_t size;
};

thread_local BufferCache *currentCache = nullptr;

void *allocateWithHeader(BufferCache *owner, size_t size) {
  size_t total = (sizeof(Header) + size + 63) / 64 * 64;
  auto *header = static_cast<Header *>(std::aligned_alloc(64, total));
  if (!header)
    return nullptr;
  header->owner = owner;
  header->size = size;
  return header + 1;
}

Header *headerOf(void *buffer) { return static_cast<Header *>(buffer) - 1; }
} // namespace

BufferCache::~BufferCache() {
  for (auto &[size, buffers] : idle)
    for (void *buffer : buffers)
      std::free(headerOf(buffer));
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
    std::free(header);
}

void dlc::runtime::setCurrentBufferCache(BufferCache *cache) {
  currentCache = cache;
}

BufferCache *dlc::runtime::getCurrentBufferCache() { return currentCache; }
