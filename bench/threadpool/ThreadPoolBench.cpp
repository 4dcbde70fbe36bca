//===- ThreadPoolBench.cpp - the runtime pool's cost per parallel region --===//
//
// Every loop that generated code marks parallel is one region of the
// runtime's pool: the calling thread publishes it, the workers take their
// chunks, and the caller waits for the last. This measures what a region
// costs beyond its work, for each thread count:
//   - empty: a region whose chunks do nothing (publish + barrier);
//   - work: chunks of a fixed ~2 us of arithmetic each, minus the same work
//     run inline (what a small kernel loop pays for going parallel);
//   - asleep: an empty region after the workers have gone to sleep (a gap
//     of 5 ms between regions: the first loop of a run after an idle pause).
// Usage: dlc-bench-threadpool [--threads=1,2,...] (default 1 to nproc).
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/Host/ThreadPool.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using dlc::runtime::ThreadPool;
using Clock = std::chrono::steady_clock;

namespace {
/// Iterations of a dependent multiply-add chain taking about 2 us.
int64_t workIterations = 0;

void emptyChunk(void *, int64_t, int64_t) {}

void workChunk(void *context, int64_t begin, int64_t end) {
  double value = 1.0;
  for (int64_t i = begin; i < end; ++i)
    for (int64_t j = 0; j < workIterations; ++j)
      value = value * 0.999999 + 1e-9;
  *static_cast<volatile double *>(context) = value;
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Sets workIterations so that one chunk of one iteration takes ~2 us.
void calibrateWork() {
  volatile double sink = 0;
  workIterations = 1 << 20;
  Clock::time_point start = Clock::now();
  workChunk(const_cast<double *>(&sink), 0, 1);
  double perIteration = secondsSince(start) / double(workIterations);
  workIterations = std::max<int64_t>(1, int64_t(2e-6 / perIteration));
}

/// Median over `rounds` of the mean time of `regions` calls to `region`.
template <typename Region>
double medianMicroseconds(int rounds, int regions, Region region) {
  std::vector<double> times;
  for (int r = 0; r < rounds; ++r) {
    Clock::time_point start = Clock::now();
    for (int i = 0; i < regions; ++i)
      region();
    times.push_back(secondsSince(start) * 1e6 / regions);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}
} // namespace

int main(int argc, char **argv) {
  std::vector<int> threadCounts;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--threads=", 10) == 0) {
      std::stringstream list(argv[i] + 10);
      std::string item;
      while (std::getline(list, item, ','))
        threadCounts.push_back(std::atoi(item.c_str()));
    } else {
      std::fprintf(stderr, "usage: %s [--threads=1,2,...]\n", argv[0]);
      return 2;
    }
  }
  if (threadCounts.empty())
    for (int t = 1; t <= dlc::runtime::defaultThreadCount(); ++t)
      threadCounts.push_back(t);
  calibrateWork();

  std::printf("| threads | empty region (us) | region of 2 us chunks, "
              "overhead (us) | empty region, workers asleep (us) |\n");
  std::printf("|---|---|---|---|\n");
  volatile double sink = 0;
  void *sinkPtr = const_cast<double *>(&sink);
  for (int threads : threadCounts) {
    if (threads < 1)
      continue;
    ThreadPool pool(threads);
    double empty = medianMicroseconds(
        7, 20000, [&] { pool.parallelFor(emptyChunk, sinkPtr, threads); });
    double inline2us =
        medianMicroseconds(7, 2000, [&] { workChunk(sinkPtr, 0, 1); });
    double parallel2us = medianMicroseconds(
        7, 2000, [&] { pool.parallelFor(workChunk, sinkPtr, threads); });
    std::vector<double> asleepTimes;
    for (int i = 0; i < 41; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      Clock::time_point start = Clock::now();
      pool.parallelFor(emptyChunk, sinkPtr, threads);
      asleepTimes.push_back(secondsSince(start) * 1e6);
    }
    std::sort(asleepTimes.begin(), asleepTimes.end());
    double asleep = asleepTimes[asleepTimes.size() / 2];
    std::printf("| %d | %.2f | %.2f | %.1f |\n", threads, empty,
                parallel2us - inline2us, asleep);
  }
  return 0;
}
