//===- MachineCode.cpp - target machine, object emission, linking ---------===//

#include "dlc/Target/CPU/Artifact.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <cstdlib>

using namespace mlir;
using namespace dlc;

FailureOr<std::unique_ptr<llvm::TargetMachine>>
dlc::createCPUTargetMachine(const CPUTargetOptions &options, Location loc) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return emitError(loc, "no LLVM target for ")
           << triple.str() << ": " << error;
  std::string cpu = options.cpu;
  std::string features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures featureSet;
    for (auto &[name, enabled] : llvm::sys::getHostCPUFeatures())
      featureSet.AddFeature(name, enabled);
    features = featureSet.getString();
  }
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, cpu, ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpu))
    return emitError(loc, "unknown CPU '") << options.cpu
                                           << "' (try native, x86-64-v3, "
                                              "x86-64-v4, skylake-avx512)";
  llvm::TargetOptions targetOptions;
  auto level = options.optLevel >= 3   ? llvm::CodeGenOptLevel::Aggressive
               : options.optLevel == 0 ? llvm::CodeGenOptLevel::None
                                       : llvm::CodeGenOptLevel::Default;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, cpu, features, targetOptions,
                                  llvm::Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return emitError(loc, "cannot create a target machine for ") << cpu;
  return machine;
}

LogicalResult dlc::emitMachineCode(llvm::Module &module,
                                   llvm::TargetMachine &machine, bool assembly,
                                   llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager passes;
  auto kind = assembly ? llvm::CodeGenFileType::AssemblyFile
                       : llvm::CodeGenFileType::ObjectFile;
  if (machine.addPassesToEmitFile(passes, os, nullptr, kind))
    return failure();
  passes.run(module);
  return success();
}

LogicalResult dlc::linkSharedObject(ArrayRef<std::string> objectPaths,
                                    StringRef outputPath, Location loc) {
  const char *fromEnv = std::getenv("DLC_LINKER");
  std::string linker = fromEnv && *fromEnv ? fromEnv : DLC_DEFAULT_LINKER;
  std::string outputArg = outputPath.str();
  llvm::SmallVector<StringRef> args = {linker, "-shared", "-o", outputArg};
  args.append(objectPaths.begin(), objectPaths.end());
  args.push_back("-lm");
  std::string error;
  int status =
      llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0, &error);
  if (status != 0)
    return emitError(loc, "linking the artifact with '")
           << linker << "' failed" << (error.empty() ? "" : ": " + error)
           << " (exit " << status << ")";
  return success();
}
