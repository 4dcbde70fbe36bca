//===- thread-pool-test.cpp - the runtime's pool for parallel loops -------===//
//
// Checks that every iteration of a parallel loop runs exactly once, whatever
// the thread count and trip count: with spinning workers, with workers that
// went to sleep (the calling thread claims the chunks a sleeping worker has
// not), across gaps around the spin-then-sleep boundary (a late worker must
// not claim chunks of a newer loop), from several calling threads at once
// and from inside a loop (both run inline when the workers are busy); and
// that a worker awake in time runs its own chunk (chunk i on thread i keeps
// a consumer's channels in the cache of the core that produced them).
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/Host/ThreadPool.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using dlc::runtime::ThreadPool;

static std::atomic<int> failures{0};

static void check(bool condition, const char *what, long detail = 0) {
  if (!condition) {
    std::printf("FAIL: %s (%ld)\n", what, detail);
    ++failures;
  }
}

namespace {
/// A loop over `hits`: each iteration counts itself.
struct CountingLoop {
  std::vector<std::atomic<int>> hits;
  ThreadPool *nestedPool = nullptr;
  explicit CountingLoop(int64_t n) : hits(n) {}

  static void body(void *context, int64_t begin, int64_t end) {
    auto *loop = static_cast<CountingLoop *>(context);
    for (int64_t i = begin; i < end; ++i)
      loop->hits[i].fetch_add(1, std::memory_order_relaxed);
    if (loop->nestedPool) {
      CountingLoop inner(5);
      int threads = loop->nestedPool->parallelFor(body, &inner, 5);
      check(threads == 1, "a nested loop runs inline", threads);
      check(inner.exactlyOnce(), "nested loop iterations run once");
    }
  }

  bool exactlyOnce() const {
    for (const std::atomic<int> &hit : hits)
      if (hit.load() != 1)
        return false;
    return true;
  }
};

/// Records which thread ran each chunk; chunk 0 (the caller's) sleeps long
/// enough for every worker to wake up and take its own.
struct OwnerLoop {
  std::vector<std::thread::id> owners;
  static void body(void *context, int64_t begin, int64_t end) {
    auto *loop = static_cast<OwnerLoop *>(context);
    if (begin == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (int64_t i = begin; i < end; ++i)
      loop->owners[i] = std::this_thread::get_id();
  }
};

/// Runs a loop of `n` iterations on `pool` and checks it.
void runChecked(ThreadPool &pool, int64_t n, const char *what) {
  CountingLoop loop(n);
  int threads = pool.parallelFor(CountingLoop::body, &loop, n);
  check(loop.exactlyOnce(), what, n);
  int64_t most = std::max<int64_t>(1, std::min<int64_t>(n, pool.size()));
  check(threads >= 1 && threads <= most, "threads taking part", threads);
}
} // namespace

int main() {
  for (int threads : {1, 2, 3, 4, 7}) {
    ThreadPool pool(threads);
    check(pool.size() == threads, "pool size", pool.size());
    for (int64_t n : {0, 1, 2, 3, 5, 7, 8, 64, 1000})
      runChecked(pool, n, "iterations run once");
    // Back to back: workers spinning, claims racing.
    for (int i = 0; i < 20000; ++i)
      runChecked(pool, threads + i % 3, "back-to-back loops");
    // Asleep workers, and gaps around the end of their spinning (~1 ms).
    for (int gapUs : {20000, 1500, 1000, 800, 500, 100, 10}) {
      for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(std::chrono::microseconds(gapUs));
        runChecked(pool, 3 * threads, "loop after a gap");
        runChecked(pool, 2, "second loop after a gap");
      }
    }
    // Several callers at once: one gets the workers, the others run inline.
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
      callers.emplace_back([&pool, c] {
        for (int i = 0; i < 2000; ++i)
          runChecked(pool, 1 + (i + c) % 9, "concurrent callers");
      });
    for (std::thread &caller : callers)
      caller.join();
    // Each worker runs its own chunk when it is awake in time: the caller
    // takes only what no worker has started.
    if (threads > 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      OwnerLoop owners;
      owners.owners.resize(threads);
      int ran = pool.parallelFor(OwnerLoop::body, &owners, threads);
      check(ran == threads, "every thread ran its chunk", ran);
      for (int i = 1; i < threads; ++i)
        check(owners.owners[i] != std::this_thread::get_id(),
              "a worker's chunk left to it", i);
    }
    // A loop inside a chunk of a loop.
    CountingLoop outer(2 * threads);
    outer.nestedPool = &pool;
    pool.parallelFor(CountingLoop::body, &outer, 2 * threads);
    check(outer.exactlyOnce(), "outer loop of nested loops");
  }
  if (failures.load() != 0)
    return 1;
  std::printf("OK\n");
  return 0;
}
