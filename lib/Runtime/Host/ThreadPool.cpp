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
/// The pool's size limit: chunk counts take 16 bits of `published`.
constexpr int kMaxThreads = 1 << 12;
constexpr uint64_t kChunkBits = 16;

uint64_t generationOf(uint64_t published) { return published >> kChunkBits; }
int64_t chunksOf(uint64_t published) {
  return static_cast<int64_t>(published & ((1u << kChunkBits) - 1));
}
} // namespace

ThreadPool::ThreadPool(int numThreads) {
  numThreads = std::max(1, std::min(numThreads, kMaxThreads));
  claims = std::make_unique<ChunkClaim[]>(numThreads);
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

void ThreadPool::runChunk(int64_t index, int64_t chunks) {
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

bool ThreadPool::claimAndRun(uint64_t loop, int index, bool firstOfThread) {
  uint64_t generation = generationOf(loop);
  int64_t chunks = chunksOf(loop);
  if (index >= chunks)
    return false;
  std::atomic<uint64_t> &claim = claims[index].generation;
  uint64_t last = claim.load(std::memory_order_acquire);
  do {
    if (last >= generation)
      return false;
  } while (!claim.compare_exchange_weak(last, generation,
                                        std::memory_order_acq_rel,
                                        std::memory_order_acquire));
  if (firstOfThread)
    participants.fetch_add(1, std::memory_order_relaxed);
  runChunk(index, chunks);
  // The loop may finish here: no field of it is read after this.
  unfinished.fetch_sub(1, std::memory_order_acq_rel);
  return true;
}

void ThreadPool::work(int index) {
  uint64_t seen = published.load(std::memory_order_acquire);
  auto changed = [&] {
    return published.load(std::memory_order_acquire) != seen;
  };
  while (true) {
    for (int spin = 0; spin < kSpinIterations && !changed(); ++spin)
      DLC_CPU_RELAX();
    if (!changed()) {
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait(lock, [&] { return stopping || changed(); });
      if (stopping)
        return;
    }
    seen = published.load(std::memory_order_acquire);
    claimAndRun(seen, index, /*firstOfThread=*/true);
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
  int64_t chunks = std::min<int64_t>(n, size());
  unfinished.store(chunks, std::memory_order_relaxed);
  participants.store(0, std::memory_order_relaxed);
  uint64_t loop =
      (generationOf(published.load(std::memory_order_relaxed)) + 1)
          << kChunkBits |
      static_cast<uint64_t>(chunks);
  {
    // Under the lock, so that a worker about to sleep cannot miss it.
    std::lock_guard<std::mutex> lock(mutex);
    published.store(loop, std::memory_order_release);
  }
  wake.notify_all();
  // Chunk 0, then those no worker has started.
  bool ran = false;
  for (int index = 0; index < chunks; ++index)
    ran |= claimAndRun(loop, index, /*firstOfThread=*/!ran);
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
