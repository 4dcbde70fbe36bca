//===- Profiler.cpp - timing of kernel calls and parallel loops -----------===//

#include "Profiler.h"

#include <atomic>
#include <chrono>

using namespace dlc::runtime;

namespace {
thread_local RunProfile *currentProfile = nullptr;

/// Small numbers for threads, in order of their first profiled run: trace
/// viewers draw one row per number.
int32_t threadNumber() {
  static std::atomic<int32_t> next{0};
  thread_local int32_t number = next.fetch_add(1, std::memory_order_relaxed);
  return number;
}
} // namespace

uint64_t dlc::runtime::profileClock() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RunProfile::RunProfile(uint64_t origin)
    : origin(origin), thread(threadNumber()) {
  dlc_profile_event run{};
  run.kind = DLC_PROFILE_RUN;
  run.thread = thread;
  run.kernel = -1;
  run.threads = 1;
  run.begin_ns = profileClock() - origin;
  events.push_back(run);
}

void RunProfile::kernel(int64_t kernel, int32_t phase) {
  uint64_t now = profileClock() - origin;
  if (phase == 0) {
    dlc_profile_event call{};
    call.kind = DLC_PROFILE_KERNEL;
    call.thread = thread;
    call.kernel = kernel;
    call.threads = 1;
    call.begin_ns = now;
    call.end_ns = now;
    openKernel = static_cast<int64_t>(events.size());
    events.push_back(call);
    return;
  }
  if (openKernel >= 0 && events[openKernel].kernel == kernel)
    events[openKernel].end_ns = now;
  openKernel = -1;
}

void RunProfile::parallelLoop(uint64_t begin, uint64_t end, int64_t iterations,
                              int threads) {
  dlc_profile_event loop{};
  loop.kind = DLC_PROFILE_PARALLEL;
  loop.thread = thread;
  loop.kernel = openKernel >= 0 ? events[openKernel].kernel : -1;
  loop.iterations = iterations;
  loop.threads = threads;
  loop.begin_ns = begin - origin;
  loop.end_ns = end - origin;
  events.push_back(loop);
}

std::vector<dlc_profile_event> RunProfile::finish() {
  events.front().end_ns = profileClock() - origin;
  return std::move(events);
}

RunProfile *dlc::runtime::setCurrentProfile(RunProfile *profile) {
  RunProfile *outer = currentProfile;
  currentProfile = profile;
  return outer;
}

RunProfile *dlc::runtime::getCurrentProfile() { return currentProfile; }

void dlc::runtime::kernelHook(int64_t kernel, int32_t phase) {
  if (currentProfile)
    currentProfile->kernel(kernel, phase);
}
