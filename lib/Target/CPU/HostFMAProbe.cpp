//===- HostFMAProbe.cpp - measured FMA rate of zmm vs ymm -----------------===//
//
// Zen 4 executes a 512-bit FMA as two 256-bit halves; Zen 5 and Intel's
// AVX-512 servers execute it at full width. CPUID does not say which, and
// virtual machines report whatever CPU model they like (one Xeon host here
// calls itself rocketlake), so the host is asked directly: independent FMA
// chains, enough to cover the latency, timed at both widths.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/CPU/TargetDescription.h"

#include <chrono>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

namespace {
constexpr int kIterations = 200000;

/// Seconds for kIterations rounds of 12 independent 512-bit FMAs.
__attribute__((target("avx512f"), noinline)) double timeZmm() {
  __m512 acc[12], a = _mm512_set1_ps(1.0000001f), b = _mm512_set1_ps(1e-7f);
  for (auto &v : acc)
    v = _mm512_set1_ps(0.5f);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kIterations; ++i)
    for (auto &v : acc) {
      v = _mm512_fmadd_ps(v, a, b);
      asm volatile("" : "+v"(v));
    }
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  float sink = 0;
  for (auto &v : acc)
    sink += _mm512_reduce_add_ps(v);
  asm volatile("" ::"x"(sink));
  return elapsed.count();
}

/// The same with 256-bit FMAs.
__attribute__((target("avx2,fma"), noinline)) double timeYmm() {
  __m256 acc[12], a = _mm256_set1_ps(1.0000001f), b = _mm256_set1_ps(1e-7f);
  for (auto &v : acc)
    v = _mm256_set1_ps(0.5f);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kIterations; ++i)
    for (auto &v : acc) {
      v = _mm256_fmadd_ps(v, a, b);
      asm volatile("" : "+x"(v));
    }
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  __m256 sum = acc[0];
  for (int i = 1; i < 12; ++i)
    sum = _mm256_add_ps(sum, acc[i]);
  asm volatile("" ::"x"(sum));
  return elapsed.count();
}
} // namespace

namespace {
/// Seconds of each probe (0: the width is not there), measured once.
struct FMATimes {
  double ymm = 0, zmm = 0;
};

const FMATimes &measureFMATimes() {
  static const FMATimes times = [] {
    FMATimes best;
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
      return best;
    bool zmm = __builtin_cpu_supports("avx512f");
    // Best of three at each width, interleaved, against frequency ramps and
    // interruptions.
    best.ymm = 1e9;
    best.zmm = zmm ? 1e9 : 0;
    for (int round = 0; round < 3; ++round) {
      best.ymm = std::min(best.ymm, timeYmm());
      if (zmm)
        best.zmm = std::min(best.zmm, timeZmm());
    }
    return best;
  }();
  return times;
}
} // namespace

bool dlc::hostRunsZmmFMAsAtFullRate() {
  const FMATimes &times = measureFMATimes();
  // Same time per instruction at twice the width: full rate. Half-rate
  // units take ~2x as long; 1.5 splits the two with margin.
  return times.zmm > 0 && times.zmm < 1.5 * times.ymm;
}

double dlc::hostPeakGFLOPsPerCore() {
  const FMATimes &times = measureFMATimes();
  // Each probe runs kIterations x 12 FMAs of 2 flops per lane.
  auto rate = [](double seconds, int lanes) {
    return seconds > 0 ? 12.0 * kIterations * lanes * 2 / seconds / 1e9 : 0;
  };
  return std::max(rate(times.ymm, 8), rate(times.zmm, 16));
}
#else
bool dlc::hostRunsZmmFMAsAtFullRate() { return false; }
double dlc::hostPeakGFLOPsPerCore() { return 0; }
#endif
