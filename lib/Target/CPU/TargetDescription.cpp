//===- TargetDescription.cpp - CPU facts from --cpu -----------------------===//

#include "dlc/Target/CPU/TargetDescription.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <thread>

using namespace mlir;
using namespace dlc;

namespace {
struct TableEntry {
  unsigned isaBits, fullRateBits, registers;
  int64_t l1d, l2, l3;
};

constexpr int64_t KiB = 1 << 10, MiB = 1 << 20;

/// Named CPUs (per-core L1d/L2, shared L3 of a typical part). Full-rate
/// widths: Zen 4 splits 512-bit FMAs in two; Zen 5 and Intel's AVX-512
/// servers run them whole; x86-64-v4 does not say whose, so it keeps
/// 256-bit vectors, which are full rate on every AVX-512 CPU.
const llvm::StringMap<TableEntry> &table() {
  static const llvm::StringMap<TableEntry> entries = {
      {"x86-64", {128, 128, 16, 32 * KiB, 512 * KiB, 8 * MiB}},
      {"x86-64-v2", {128, 128, 16, 32 * KiB, 512 * KiB, 8 * MiB}},
      {"x86-64-v3", {256, 256, 16, 32 * KiB, 1 * MiB, 16 * MiB}},
      {"x86-64-v4", {512, 256, 32, 32 * KiB, 1 * MiB, 32 * MiB}},
      {"haswell", {256, 256, 16, 32 * KiB, 256 * KiB, 8 * MiB}},
      {"skylake", {256, 256, 16, 32 * KiB, 256 * KiB, 8 * MiB}},
      {"alderlake", {256, 256, 16, 48 * KiB, 1280 * KiB, 30 * MiB}},
      {"znver2", {256, 256, 16, 32 * KiB, 512 * KiB, 16 * MiB}},
      {"znver3", {256, 256, 16, 32 * KiB, 512 * KiB, 32 * MiB}},
      {"znver4", {512, 256, 32, 32 * KiB, 1 * MiB, 32 * MiB}},
      {"znver5", {512, 512, 32, 48 * KiB, 1 * MiB, 32 * MiB}},
      {"skylake-avx512", {512, 512, 32, 32 * KiB, 1 * MiB, 32 * MiB}},
      {"cascadelake", {512, 512, 32, 32 * KiB, 1 * MiB, 32 * MiB}},
      {"icelake-server", {512, 512, 32, 48 * KiB, 1280 * KiB, 48 * MiB}},
      {"sapphirerapids", {512, 512, 32, 48 * KiB, 2 * MiB, 105 * MiB}},
      {"emeraldrapids", {512, 512, 32, 48 * KiB, 2 * MiB, 320 * MiB}},
      {"graniterapids", {512, 512, 32, 48 * KiB, 2 * MiB, 480 * MiB}},
  };
  return entries;
}

/// A cache size from sysfs (`48K`, `2048K`, `32M`), or 0. (sysfs files
/// claim a size they do not have: read as streams.)
int64_t readCacheSize(int index) {
  std::string path =
      "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
  auto read = [&](StringRef file) -> std::string {
    auto buffer = llvm::MemoryBuffer::getFileAsStream(path + "/" + file.str());
    return buffer ? (*buffer)->getBuffer().trim().str() : "";
  };
  std::string text = read("size");
  StringRef size = text;
  int64_t scale = size.consume_back("K")   ? KiB
                  : size.consume_back("M") ? MiB
                                           : 1;
  int64_t value = 0;
  if (size.getAsInteger(10, value))
    return 0;
  return value * scale;
}

/// Fills the caches from sysfs where it knows them.
void readHostCaches(CPUTargetDescription &description) {
  for (int index = 0; index < 8; ++index) {
    std::string base =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    auto level = llvm::MemoryBuffer::getFileAsStream(base + "/level");
    auto type = llvm::MemoryBuffer::getFileAsStream(base + "/type");
    if (!level || !type)
      break;
    StringRef levelText = (*level)->getBuffer().trim();
    StringRef typeText = (*type)->getBuffer().trim();
    int64_t size = readCacheSize(index);
    if (size == 0 || typeText == "Instruction")
      continue;
    if (levelText == "1")
      description.l1dBytes = size;
    else if (levelText == "2")
      description.l2Bytes = size;
    else if (levelText == "3")
      description.l3Bytes = size;
  }
}

std::string bytesText(int64_t bytes) {
  if (bytes % MiB == 0)
    return std::to_string(bytes / MiB) + "M";
  return std::to_string(bytes / KiB) + "K";
}
} // namespace

std::string CPUTargetDescription::toString() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "cpu=" << cpu << " isa=" << isaVectorBits
     << " full-rate=" << fullRateVectorBits << "(" << source << ")"
     << " regs=" << vectorRegisters << " l1d=" << bytesText(l1dBytes)
     << " l2=" << bytesText(l2Bytes) << " l3=" << bytesText(l3Bytes)
     << " cores=" << cores;
  return text;
}

FailureOr<CPUTargetDescription> dlc::getCPUTargetDescription(StringRef cpu,
                                                             Location loc) {
  CPUTargetDescription description;
  if (cpu != "native") {
    auto it = table().find(cpu);
    if (it != table().end()) {
      const TableEntry &e = it->second;
      description.cpu = cpu.str();
      description.isaVectorBits = e.isaBits;
      description.fullRateVectorBits = e.fullRateBits;
      description.vectorRegisters = e.registers;
      description.l1dBytes = e.l1d;
      description.l2Bytes = e.l2;
      description.l3Bytes = e.l3;
      return description;
    }
  }
  // Native, or a CPU LLVM knows but the table does not: its features decide.
  llvm::InitializeNativeTarget();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return emitError(loc, "no LLVM target for ")
           << triple.str() << ": " << error;
  bool native = cpu == "native";
  description.cpu = native ? llvm::sys::getHostCPUName().str() : cpu.str();
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, description.cpu, ""));
  if (!subtarget || !subtarget->isCPUStringValid(description.cpu))
    return emitError(loc, "unknown CPU '")
           << cpu
           << "' (try native, x86-64-v3, x86-64-v4, znver4, znver5, "
              "sapphirerapids)";
  auto has = [&](StringRef feature) {
    if (native)
      return llvm::sys::getHostCPUFeatures().lookup(feature);
    return subtarget->checkFeatures(("+" + feature).str());
  };
  bool avx512 = has("avx512f") && has("avx512vl");
  description.isaVectorBits = avx512 ? 512 : has("avx2") ? 256 : 128;
  description.vectorRegisters = avx512 ? 32 : 16;
  description.fullRateVectorBits = std::min(description.isaVectorBits, 256u);
  description.source = "features";
  if (native) {
    readHostCaches(description);
    description.cores = std::thread::hardware_concurrency();
    if (avx512) {
      description.fullRateVectorBits = hostRunsZmmFMAsAtFullRate() ? 512 : 256;
      description.source = "measured";
    }
  }
  return description;
}
