//===- ThreadPool.h - the runtime's pool for generated parallel loops -----===//

#ifndef DLC_RUNTIME_HOST_THREADPOOL_H
#define DLC_RUNTIME_HOST_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace dlc::runtime {

/// Iterations [begin, end) of an outlined loop; `context` holds its captures.
using ParallelBody = void (*)(void *context, int64_t begin, int64_t end);

/// A fixed set of worker threads plus the calling thread. parallelFor splits
/// [0, n) into one contiguous chunk per thread and returns when all are done.
/// Workers spin briefly between loops (generated kernels come in quick
/// succession), then sleep.
class ThreadPool {
public:
  /// `numThreads` counts the calling thread.
  explicit ThreadPool(int numThreads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int size() const { return static_cast<int>(workers.size()) + 1; }
  void parallelFor(ParallelBody body, void *context, int64_t n);

private:
  void work(int index);
  void runChunk(int index);

  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<uint64_t> generation{0};
  std::atomic<int> pending{0};
  bool stopping = false;

  // The current loop; written before `generation` is bumped.
  ParallelBody body = nullptr;
  void *context = nullptr;
  int64_t count = 0;
};

/// DLC_NUM_THREADS if set to a positive number, else the hardware's count.
int defaultThreadCount();

} // namespace dlc::runtime

#endif // DLC_RUNTIME_HOST_THREADPOOL_H
