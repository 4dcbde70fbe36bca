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
/// Chunks are claimed, not assigned: the calling thread starts on them at
/// once and takes those no worker has claimed, so a loop never waits for a
/// worker to wake up (about a millisecond on a VM whose idle vCPU halted);
/// a late worker finds nothing left and goes back to waiting. Workers spin
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
  void work();
  /// Claims and runs chunks of the loop of `generation` until none is left;
  /// returns how many it ran.
  int runChunks(uint64_t generation);
  void runChunk(int64_t index);

  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  /// The current loop's generation (high 32 bits) and its next unclaimed
  /// chunk (low 32 bits). A claim is a compare-and-swap on both, so a worker
  /// that saw an older loop claims nothing of a newer one; and a loop with a
  /// chunk claimed cannot finish, so the fields below stay valid while the
  /// chunk runs. Own cache line: every claim writes it.
  alignas(64) std::atomic<uint64_t> claim{0};
  /// Chunks of the current loop not finished yet.
  alignas(64) std::atomic<int64_t> unfinished{0};
  /// Threads that ran a chunk of the current loop.
  std::atomic<int> participants{0};
  /// Held by the loop that has the workers.
  std::atomic<bool> busy{false};
  bool stopping = false;

  // The current loop; written before `claim` publishes its generation.
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
