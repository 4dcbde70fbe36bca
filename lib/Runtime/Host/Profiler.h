//===- Profiler.h - timing of kernel calls and parallel loops -------------===//
//
// Artifacts call a hook before and after each kernel call (the
// dlc_artifact_profile pointer, dlc-instrument-kernels); the runtime points
// it at kernelHook while any model of that artifact profiles. A run that
// profiles records into its own RunProfile, found through a thread-local
// pointer: kernel calls and parallel loops happen in the run's thread.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_HOST_PROFILER_H
#define DLC_RUNTIME_HOST_PROFILER_H

#include "dlc-rt/dlc_runtime.h"

#include <cstdint>
#include <vector>

namespace dlc::runtime {

/// The events of one run, timed against `origin` (steady clock, ns).
class RunProfile {
public:
  explicit RunProfile(uint64_t origin);
  /// Starts or ends kernel `kernel`'s call (phase 0 or 1).
  void kernel(int64_t kernel, int32_t phase);
  /// Records a parallel loop of `iterations` that `threads` ran.
  void parallelLoop(uint64_t begin, uint64_t end, int64_t iterations,
                    int threads);
  /// Closes the run's event; the events, in order of their start.
  std::vector<dlc_profile_event> finish();

private:
  uint64_t origin;
  int32_t thread;
  std::vector<dlc_profile_event> events;
  /// The kernel call in progress (index into `events`), or -1.
  int64_t openKernel = -1;
};

/// Steady-clock nanoseconds.
uint64_t profileClock();

/// The profile of the run in this thread, or null; returns the previous one.
RunProfile *setCurrentProfile(RunProfile *profile);
RunProfile *getCurrentProfile();

/// The function artifacts' profile hook points to.
void kernelHook(int64_t kernel, int32_t phase);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_HOST_PROFILER_H
