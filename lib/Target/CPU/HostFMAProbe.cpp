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

bool dlc::hostRunsZmmFMAsAtFullRate() {
  static const bool fullRate = [] {
    if (!__builtin_cpu_supports("avx512f"))
      return false;
    // Best of three at each width, interleaved, against frequency ramps and
    // interruptions.
    double zmm = 1e9, ymm = 1e9;
    for (int round = 0; round < 3; ++round) {
      ymm = std::min(ymm, timeYmm());
      zmm = std::min(zmm, timeZmm());
    }
    // Same time per instruction at twice the width: full rate. Half-rate
    // units take ~2x as long; 1.5 splits the two with margin.
    return zmm < 1.5 * ymm;
  }();
  return fullRate;
}
#else
bool dlc::hostRunsZmmFMAsAtFullRate() { return false; }
#endif
