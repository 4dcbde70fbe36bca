//===- BufferCache.h - per-model cache of generated code's buffers --------===//

#ifndef DLC_RUNTIME_HOST_BUFFERCACHE_H
#define DLC_RUNTIME_HOST_BUFFERCACHE_H

#include <cstddef>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace dlc::runtime {

/// Buffers an artifact allocates for intermediates, kept across runs: a
/// released buffer serves the next request of the same size, so a model's
/// second run touches no fresh pages (page faults and zeroing cost more than
/// many kernels), and buffers whose lifetimes do not overlap share memory.
/// Large buffers are backed by transparent huge pages (BufferCache.cpp).
class BufferCache {
public:
  BufferCache() = default;
  ~BufferCache();
  BufferCache(const BufferCache &) = delete;
  BufferCache &operator=(const BufferCache &) = delete;

  void *allocate(size_t size);
  void release(void *buffer, size_t size);

private:
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<void *>> idle;
};

/// The artifact's allocator hooks. Buffers carry a header naming their
/// cache, so any thread may free them; without a current cache (a worker
/// thread, or no model running) they come from and return to the heap.
void *allocateBuffer(size_t size);
void freeBuffer(void *buffer);

/// The cache allocateBuffer uses in this thread (the running model's).
void setCurrentBufferCache(BufferCache *cache);
BufferCache *getCurrentBufferCache();

} // namespace dlc::runtime

#endif // DLC_RUNTIME_HOST_BUFFERCACHE_H
