//===- ProfileReport.h - `dlc run --profile` output -------------*- C++ -*-===//

#ifndef DLC_TOOLS_DLC_PROFILEREPORT_H
#define DLC_TOOLS_DLC_PROFILEREPORT_H

#include "dlc-rt/dlc_runtime.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace dlc::tool {

/// Per-kernel table of `events` (from dlc_model_profile_events), slowest
/// first: calls, time, share of the runs, GFLOP/s and its share of the peak
/// of the threads the loops ran on (`peakPerCore` GFLOP/s; 0: unknown).
void printProfileTable(llvm::raw_ostream &os, const dlc_model *model,
                       llvm::ArrayRef<dlc_profile_event> events,
                       double peakPerCore);

/// Writes `events` as a Chrome/Perfetto trace (JSON trace event format): one
/// complete event per run, kernel call and parallel loop.
llvm::Error writeChromeTrace(llvm::StringRef path, const dlc_model *model,
                             llvm::ArrayRef<dlc_profile_event> events);

} // namespace dlc::tool

#endif // DLC_TOOLS_DLC_PROFILEREPORT_H
