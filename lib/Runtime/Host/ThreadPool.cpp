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
/// The claim word: generation (32 bits), chunk count and next chunk (16 bits
/// each; the pool has fewer threads than that).
constexpr uint64_t kChunkMask = 0xffff;
constexpr int kMaxThreads = 1 << 12;

uint64_t generationOf(uint64_t claim) { return claim >> 32; }
} // namespace

ThreadPool::ThreadPool(int numThreads) {
  numThreads = std::min(numThreads, kMaxThreads);
  for (int i = 1; i < numThreads; ++i)
    workers.emplace_back([this] { work(); });
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

void ThreadPool::runChunk(int64_t index) {
  int64_t chunks = std::min<int64_t>(count, size());
  int64_t begin = count * index / chunks;
  int64_t end = count * (index + 1) / chunks;
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

int ThreadPool::runChunks(uint64_t loopGeneration) {
  int ran = 0;
  uint64_t word = claim.load(std::memory_order_acquire);
  while (generationOf(word) == loopGeneration) {
    uint64_t chunks = (word >> 16) & kChunkMask, next = word & kChunkMask;
    if (next >= chunks)
      break;
    if (!claim.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire))
      continue;
    if (ran++ == 0)
      participants.fetch_add(1, std::memory_order_relaxed);
    runChunk(static_cast<int64_t>(next));
    // The loop may finish here: no field of it is read after this.
    unfinished.fetch_sub(1, std::memory_order_acq_rel);
    word = claim.load(std::memory_order_acquire);
  }
  return ran;
}

void ThreadPool::work() {
  uint64_t seen = generationOf(claim.load(std::memory_order_acquire));
  auto published = [&] {
    return generationOf(claim.load(std::memory_order_acquire)) != seen;
  };
  while (true) {
    for (int spin = 0; spin < kSpinIterations && !published(); ++spin)
      DLC_CPU_RELAX();
    if (!published()) {
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait(lock, [&] { return stopping || published(); });
      if (stopping)
        return;
    }
    seen = generationOf(claim.load(std::memory_order_acquire));
    runChunks(seen);
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
  uint64_t chunks = static_cast<uint64_t>(std::min<int64_t>(n, size()));
  unfinished.store(static_cast<int64_t>(chunks), std::memory_order_relaxed);
  participants.store(0, std::memory_order_relaxed);
  uint64_t loopGeneration =
      (generationOf(claim.load(std::memory_order_relaxed)) + 1) & 0xffffffff;
  {
    // Under the lock, so that a worker about to sleep cannot miss it.
    std::lock_guard<std::mutex> lock(mutex);
    claim.store(loopGeneration << 32 | chunks << 16,
                std::memory_order_release);
  }
  wake.notify_all();
  runChunks(loopGeneration);
  while (unfinished.load(std::memory_order_acquire) != 0)
    DLC_CPU_RELAX();
  // Every chunk has finished; a failed one fails the loop in this thread.
  static thread_local std::string loopFailure;
  {
    std::lock_guard<std::mutex> lock(mutex);
    loopFailure.swap(failure);
    failure.clear();
  }
  int threads = participants.load(std::memory_order_relaxed);
  busy.store(false, std::memory_order_release);
  if (!loopFailure.empty())
    failAllocation(loopFailure);
  return threads;
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
