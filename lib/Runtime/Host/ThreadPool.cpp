//===- ThreadPool.cpp - the runtime's pool for generated parallel loops ---===//

#include "ThreadPool.h"
#include "BufferCache.h"

#include <algorithm>
#include <csetjmp>
#include <cstdlib>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DLC_CPU_RELAX() _mm_pause()
#else
#define DLC_CPU_RELAX() std::this_thread::yield()
#endif

using namespace dlc::runtime;

namespace {
/// About a millisecond of polling before a worker goes to sleep.
constexpr int kSpinIterations = 1 << 15;
} // namespace

ThreadPool::ThreadPool(int numThreads) {
  for (int i = 1; i < numThreads; ++i)
    workers.emplace_back([this, i] { work(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &worker : workers)
    worker.join();
}

void ThreadPool::runChunk(int index) {
  int64_t threads = size();
  int64_t begin = count * index / threads;
  int64_t end = count * (index + 1) / threads;
  if (begin >= end)
    return;
  RunBuffers *outerRun = setCurrentRun(run);
  AllocationLanding landing;
  AllocationLanding *outerLanding = setAllocationLanding(&landing);
  if (setjmp(landing.jump) != 0) {
    std::lock_guard<std::mutex> lock(mutex);
    if (failure.empty())
      failure.swap(landing.error);
  } else {
    body(context, begin, end);
  }
  setAllocationLanding(outerLanding);
  setCurrentRun(outerRun);
}

void ThreadPool::work(int index) {
  uint64_t seen = 0;
  while (true) {
    for (int spin = 0; spin < kSpinIterations &&
                       generation.load(std::memory_order_acquire) == seen;
         ++spin)
      DLC_CPU_RELAX();
    if (generation.load(std::memory_order_acquire) == seen) {
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait(lock, [&] {
        return stopping || generation.load(std::memory_order_acquire) != seen;
      });
      if (stopping)
        return;
    }
    seen = generation.load(std::memory_order_acquire);
    runChunk(index);
    pending.fetch_sub(1, std::memory_order_acq_rel);
  }
}

int ThreadPool::parallelFor(ParallelBody loopBody, void *loopContext,
                            int64_t n) {
  if (workers.empty() || n <= 1 ||
      busy.exchange(true, std::memory_order_acquire)) {
    loopBody(loopContext, 0, n);
    return 1;
  }
  body = loopBody;
  context = loopContext;
  count = n;
  run = getCurrentRun();
  pending.store(static_cast<int>(workers.size()), std::memory_order_relaxed);
  {
    // Under the lock, so that a worker about to sleep cannot miss the bump.
    std::lock_guard<std::mutex> lock(mutex);
    generation.fetch_add(1, std::memory_order_acq_rel);
  }
  wake.notify_all();
  runChunk(0);
  while (pending.load(std::memory_order_acquire) != 0)
    DLC_CPU_RELAX();
  // Every chunk has finished; a failed one fails the loop in this thread.
  static thread_local std::string loopFailure;
  {
    std::lock_guard<std::mutex> lock(mutex);
    loopFailure.swap(failure);
    failure.clear();
  }
  busy.store(false, std::memory_order_release);
  if (!loopFailure.empty())
    failAllocation(loopFailure);
  return static_cast<int>(std::min<int64_t>(n, size()));
}

ThreadPool &ThreadPool::shared(int numThreads) {
  static std::mutex poolsMutex;
  static std::map<int, std::unique_ptr<ThreadPool>> pools;
  std::lock_guard<std::mutex> lock(poolsMutex);
  std::unique_ptr<ThreadPool> &pool = pools[numThreads];
  if (!pool)
    pool = std::make_unique<ThreadPool>(numThreads);
  return *pool;
}

int dlc::runtime::defaultThreadCount() {
  if (const char *env = std::getenv("DLC_NUM_THREADS")) {
    int requested = std::atoi(env);
    if (requested > 0)
      return requested;
  }
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware ? static_cast<int>(hardware) : 1;
}
