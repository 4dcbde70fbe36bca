//===- TargetDescription.h - what CPU code generation targets ---*- C++ -*-===//
//
// The facts about a CPU that code generation follows instead of constants
// tuned on one host: ISA width, the vector width at which FMAs run at full
// rate, vector registers, caches and cores. Built from `--cpu`: a table for
// named CPUs, the host itself for `native` (features from LLVM, caches from
// sysfs, and the FMA rate measured, since virtual machines often report a
// CPU model that is not the one they run on).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_CPU_TARGETDESCRIPTION_H
#define DLC_TARGET_CPU_TARGETDESCRIPTION_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>

namespace dlc {

struct CPUTargetDescription {
  /// The LLVM CPU name code is generated for (the host's for `native`).
  std::string cpu;
  /// Widest vector registers the ISA has, in bits (128, 256, 512).
  unsigned isaVectorBits = 128;
  /// Widest vectors whose FMAs run at full rate: 512 on Zen 5 and Intel
  /// AVX-512 servers, 256 on Zen 4 (512-bit FMAs as two halves) and AVX2.
  unsigned fullRateVectorBits = 128;
  /// Vector registers (16 with AVX2, 32 with AVX-512).
  unsigned vectorRegisters = 16;
  /// Per-core data caches and the shared last level, in bytes.
  int64_t l1dBytes = 32 << 10, l2Bytes = 1 << 20, l3Bytes = 32 << 20;
  /// Cores the runtime will use (the host's for `native`; 0: unknown).
  unsigned cores = 0;
  /// How `fullRateVectorBits` was found: "table", "measured" or "features".
  std::string source = "table";

  /// The vector width code generation uses.
  unsigned vectorBits() const { return fullRateVectorBits; }
  /// One line: `cpu=znver5 isa=512 full-rate=512 regs=32 l1d=48K ...`.
  std::string toString() const;
};

/// The description of `cpu` (`native` or an LLVM CPU name); emits an error
/// at `loc` for a CPU neither the table nor LLVM knows.
mlir::FailureOr<CPUTargetDescription>
getCPUTargetDescription(llvm::StringRef cpu, mlir::Location loc);

/// Measures, on the calling thread, whether 512-bit FMAs run at (nearly)
/// twice the throughput of 256-bit ones on this host. Only meaningful where
/// the host has AVX-512F; takes a few milliseconds, once per process.
bool hostRunsZmmFMAsAtFullRate();

/// One core's f32 FMA peak in GFLOP/s, from the same measurement (the faster
/// of the two widths); 0 where it cannot be measured.
double hostPeakGFLOPsPerCore();

} // namespace dlc

#endif // DLC_TARGET_CPU_TARGETDESCRIPTION_H
