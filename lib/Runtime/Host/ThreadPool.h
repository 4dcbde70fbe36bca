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
/// Workers spin briefly between loops (generated kernels come in quick
/// succession), then sleep.
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
  void runChunk(int index);

  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<uint64_t> generation{0};
  std::atomic<int> pending{0};
  /// Held by the loop that has the workers.
  std::atomic<bool> busy{false};
  bool stopping = false;

  // The current loop; written before `generation` is bumped.
  ParallelBody body = nullptr;
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
