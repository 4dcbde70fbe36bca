//===- BufferCache.h - per-model cache of generated code's buffers --------===//

#ifndef DLC_RUNTIME_HOST_BUFFERCACHE_H
#define DLC_RUNTIME_HOST_BUFFERCACHE_H

#include <csetjmp>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace dlc::runtime {

struct BufferHeader;

/// Buffers an artifact allocates for intermediates, kept across runs: a
/// released buffer serves the next request of the same size, so a model's
/// second run touches no fresh pages (page faults and zeroing cost more than
/// many kernels), and buffers whose lifetimes do not overlap share memory.
/// Large buffers are backed by transparent huge pages (BufferCache.cpp).
class BufferCache {
public:
  /// `limit`: the most bytes the cache may hold, in use and idle (0: no
  /// limit). Idle buffers are given back before a request is refused.
  explicit BufferCache(size_t limit = 0) : limit(limit) {}
  ~BufferCache();
  BufferCache(const BufferCache &) = delete;
  BufferCache &operator=(const BufferCache &) = delete;

  /// Null when the limit or the heap refuses; `error` then says which.
  void *allocate(size_t size, std::string &error);
  void release(void *buffer, size_t size);

private:
  void freeIdle();

  std::mutex mutex;
  std::unordered_map<size_t, std::vector<void *>> idle;
  size_t limit;
  size_t held = 0;
};

/// The buffers one run holds. The artifact frees what it allocates, but a
/// run stopped by a failed allocation cannot: its buffers go back to the
/// cache when the run's RunBuffers is destroyed.
class RunBuffers {
public:
  explicit RunBuffers(BufferCache &cache) : cache(cache) {}
  ~RunBuffers();
  RunBuffers(const RunBuffers &) = delete;
  RunBuffers &operator=(const RunBuffers &) = delete;

  void *allocate(size_t size, std::string &error);
  /// Unlinks a buffer of this run and returns it to the cache.
  void release(BufferHeader *header);

private:
  BufferCache &cache;
  std::mutex mutex;
  BufferHeader *first = nullptr;
};

/// Where a failed allocation in this thread returns to: dlc_model_run, or a
/// thread-pool chunk, which setjmp on `jump`. Generated code holds no
/// resources of its own between two calls into the runtime, so jumping out
/// of it leaves nothing behind that RunBuffers does not return.
struct AllocationLanding {
  std::jmp_buf jump;
  std::string error;
};

/// The artifact's allocator hooks. Buffers carry a header naming their
/// run, so any thread may free them; without a current run (no model
/// running in this thread) they come from and return to the heap. A failed
/// allocation jumps to this thread's landing when there is one.
void *allocateBuffer(size_t size);
void freeBuffer(void *buffer);

/// The run allocateBuffer serves in this thread; returns the previous one.
RunBuffers *setCurrentRun(RunBuffers *run);
RunBuffers *getCurrentRun();
/// This thread's landing for failed allocations; returns the previous one.
AllocationLanding *setAllocationLanding(AllocationLanding *landing);
/// Jumps to this thread's landing with `error`, which it takes (swaps
/// out); returns if there is no landing. `error` must not be a local of a
/// frame the jump leaves.
void failAllocation(std::string &error);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_HOST_BUFFERCACHE_H
