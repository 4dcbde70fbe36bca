//===- ProfileReport.cpp - `dlc run --profile` output ---------------------===//

#include "ProfileReport.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <vector>

using namespace llvm;

namespace {
/// One kernel's events, summed over runs.
struct KernelTotals {
  int64_t calls = 0;
  uint64_t ns = 0;
  int64_t loops = 0;
  uint64_t loopNs = 0;
};

double toMs(uint64_t ns) { return double(ns) / 1e6; }
} // namespace

void dlc::tool::printProfileTable(raw_ostream &os, const dlc_model *model,
                                  ArrayRef<dlc_profile_event> events,
                                  double peakPerCore) {
  size_t numKernels = dlc_model_num_kernels(model);
  std::vector<KernelTotals> totals(numKernels);
  int64_t runs = 0, calls = 0, loops = 0;
  uint64_t runNs = 0, kernelNs = 0, loopNs = 0;
  int threads = 1;
  for (const dlc_profile_event &event : events) {
    uint64_t ns = event.end_ns - event.begin_ns;
    bool known = event.kernel >= 0 && size_t(event.kernel) < numKernels;
    switch (event.kind) {
    case DLC_PROFILE_RUN:
      ++runs;
      runNs += ns;
      break;
    case DLC_PROFILE_KERNEL:
      ++calls;
      kernelNs += ns;
      if (known) {
        ++totals[event.kernel].calls;
        totals[event.kernel].ns += ns;
      }
      break;
    case DLC_PROFILE_PARALLEL:
      ++loops;
      loopNs += ns;
      threads = std::max(threads, int(event.threads));
      if (known) {
        ++totals[event.kernel].loops;
        totals[event.kernel].loopNs += ns;
      }
      break;
    }
  }
  if (runs == 0) {
    os << "profile: no runs recorded\n";
    return;
  }
  double peak = peakPerCore * threads;
  os << format("profile: %lld run(s), %.3f ms per run, %lld kernel calls per "
               "run in %.3f ms, %lld parallel loops per run in %.3f ms "
               "(%d thread(s))",
               (long long)runs, toMs(runNs) / runs, (long long)(calls / runs),
               toMs(kernelNs) / runs, (long long)(loops / runs),
               toMs(loopNs) / runs, threads);
  if (peak > 0)
    os << format(", peak %.0f GFLOP/s (%.0f per core, measured)", peak,
                 peakPerCore);
  os << "\n";

  std::vector<size_t> order(numKernels);
  for (size_t i = 0; i < numKernels; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return totals[a].ns > totals[b].ns;
  });
  os << format("%4s  %-22s %6s %10s %6s %6s %8s %6s %7s  %s\n", "id", "kernel",
               "calls", "ms/call", "share", "par", "GFLOP/s", "peak", "GB/s",
               "nodes");
  for (size_t id : order) {
    const KernelTotals &total = totals[id];
    if (total.calls == 0)
      continue;
    dlc_kernel_info info = dlc_model_kernel(model, id);
    double seconds = double(total.ns) / 1e9;
    double perCall = toMs(total.ns) / total.calls;
    os << format("%4zu  %-22s %6lld %10.4f %5.1f%% %5.0f%%", id, info.name,
                 (long long)(total.calls / runs), perCall,
                 100.0 * double(total.ns) / double(runNs),
                 total.ns ? 100.0 * double(total.loopNs) / double(total.ns)
                          : 0.0);
    if (info.flops > 0 && seconds > 0) {
      double gflops = double(info.flops) * total.calls / seconds / 1e9;
      os << format(" %8.1f", gflops);
      if (peak > 0)
        os << format(" %5.1f%%", 100.0 * gflops / peak);
      else
        os << format(" %6s", "-");
    } else {
      os << format(" %8s %6s", "-", "-");
    }
    if (info.bytes > 0 && seconds > 0)
      os << format(" %7.1f", double(info.bytes) * total.calls / seconds / 1e9);
    else
      os << format(" %7s", "-");
    StringRef nodes = info.nodes;
    if (nodes.size() > 60)
      os << "  " << nodes.take_front(57) << "...";
    else
      os << "  " << nodes;
    os << "\n";
  }
  uint64_t hostNs = runNs > kernelNs ? runNs - kernelNs : 0;
  os << format("      %-22s %6s %10.4f %5.1f%%\n", "(between kernels)", "",
               toMs(hostNs) / runs, 100.0 * double(hostNs) / double(runNs));
}

Error dlc::tool::writeChromeTrace(StringRef path, const dlc_model *model,
                                  ArrayRef<dlc_profile_event> events) {
  std::error_code ec;
  raw_fd_ostream file(path, ec, sys::fs::OF_Text);
  if (ec)
    return createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                             ec.message().c_str());
  size_t numKernels = dlc_model_num_kernels(model);
  json::OStream json(file);
  json.object([&] {
    json.attribute("displayTimeUnit", "ms");
    json.attributeArray("traceEvents", [&] {
      for (const dlc_profile_event &event : events) {
        bool known = event.kernel >= 0 && size_t(event.kernel) < numKernels;
        dlc_kernel_info info = known ? dlc_model_kernel(model, event.kernel)
                                     : dlc_kernel_info{"", "", 0, 0};
        json.object([&] {
          switch (event.kind) {
          case DLC_PROFILE_RUN:
            json.attribute("name", "run");
            json.attribute("cat", "run");
            break;
          case DLC_PROFILE_KERNEL:
            json.attribute("name", info.name);
            json.attribute("cat", "kernel");
            break;
          case DLC_PROFILE_PARALLEL:
            json.attribute("name", std::string("parallel ") + info.name);
            json.attribute("cat", "parallel");
            break;
          }
          json.attribute("ph", "X");
          json.attribute("pid", 1);
          json.attribute("tid", int64_t(event.thread));
          json.attribute("ts", double(event.begin_ns) / 1e3);
          json.attribute("dur", double(event.end_ns - event.begin_ns) / 1e3);
          json.attributeObject("args", [&] {
            if (event.kind == DLC_PROFILE_RUN)
              return;
            if (known) {
              json.attribute("kernel", event.kernel);
              json.attribute("nodes", info.nodes);
            }
            if (event.kind == DLC_PROFILE_KERNEL) {
              json.attribute("flops", info.flops);
              json.attribute("bytes", info.bytes);
            } else {
              json.attribute("iterations", event.iterations);
              json.attribute("threads", int64_t(event.threads));
            }
          });
        });
      }
    });
  });
  file << "\n";
  if (file.has_error())
    return createStringError(file.error(), "cannot write '%s'",
                             path.str().c_str());
  return Error::success();
}
