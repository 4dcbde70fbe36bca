//===- ThreadPool.h - the runtime's pool for generated parallel loops -----===//

#ifndef DLC_RUNTIME_HOST_THREADPOOL_H
#define DLC_RUNTIME_HOST_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dlc::runtime {

class RunBuffers;

/// Iterations [begin, end) of an outlined loop; `context` holds its captures.
using ParallelBody = void (*)(void *context, int64_t begin, int64_t end);

/// A fixed set of worker threads plus the calling thread. parallelFor splits
/// [0, n) into one contiguous chunk per thread and returns when all are done.
/// Thread i runs chunk i (the caller chunk 0), so that a loop over the
/// channels a previous loop produced finds them in the same core's cache.
/// A chunk is claimed before it runs: the caller, once done with its own,
/// claims and runs those whose worker has not started, so a loop never
/// waits for a worker to wake up (about a millisecond on a VM whose idle
/// vCPU halted); the late worker then finds its chunk taken. Workers spin
/// briefly between loops (generated kernels come in quick succession), then
/// sleep.
///
/// Any number of threads may call parallelFor at once: one loop at a time
/// gets the workers, and a loop that finds them busy (another run's, or a
/// loop nested in one) runs in its calling thread. Concurrent runs thus never
/// wait on each other and never use more threads than the pool has.
///
/// Workers allocate from the calling thread's run. A chunk whose allocation
/// fails stops; the others finish, and the loop then fails in the calling
/// thread (failAllocation), which the run reports.
class ThreadPool {
public:
  /// `numThreads` counts the calling thread.
  explicit ThreadPool(int numThreads);
  /// The process's pool of `numThreads` threads, shared by every model
  /// loaded with that thread count; created on first use.
  static ThreadPool &shared(int numThreads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int size() const { return static_cast<int>(workers.size()) + 1; }
  /// Returns how many threads took a chunk (1 when it ran inline).
  int parallelFor(ParallelBody body, void *context, int64_t n);

private:
  void work(int index);
  /// Claims chunk `index` of the loop published as `loop` (see `published`)
  /// and runs it; false if it is not a chunk of that loop or was claimed.
  /// `firstOfThread` counts the thread in `participants`.
  bool claimAndRun(uint64_t loop, int index, bool firstOfThread);
  void runChunk(int64_t index, int64_t chunks);

  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  /// The current loop: its generation (high 48 bits) and chunk count (low
  /// 16 bits), published after the fields below are written.
  alignas(64) std::atomic<uint64_t> published{0};
  /// Per chunk index, the generation of the last loop whose chunk was
  /// claimed, each on its own cache line. A claim raises it from below the
  /// loop's generation to it; once a loop has finished every chunk of it is
  /// at its generation, so a worker that saw an older loop claims nothing
  /// (and a loop with a chunk claimed cannot finish, so the loop's fields
  /// stay valid while the chunk runs).
  struct alignas(64) ChunkClaim {
    std::atomic<uint64_t> generation{0};
  };
  std::unique_ptr<ChunkClaim[]> claims;
  /// Chunks of the current loop not finished yet.
  alignas(64) std::atomic<int64_t> unfinished{0};
  /// Threads that ran a chunk of the current loop.
  std::atomic<int> participants{0};
  /// Held by the loop that has the workers.
  std::atomic<bool> busy{false};
  bool stopping = false;

  // The current loop; written before `published` is.
  alignas(64) ParallelBody body = nullptr;
  void *context = nullptr;
  int64_t count = 0;
  RunBuffers *run = nullptr;
  /// The first failed allocation of the current loop's chunks (`mutex`).
  std::string failure;
};

/// DLC_NUM_THREADS if set to a positive number, else the hardware's count.
int defaultThreadCount();

} // namespace dlc::runtime

#endif // DLC_RUNTIME_HOST_THREADPOOL_H
