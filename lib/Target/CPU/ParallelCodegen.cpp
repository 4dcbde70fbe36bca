//===- ParallelCodegen.cpp - optimize and compile partitions on threads ---===//
//
// A compiled model is one entry function, whose serial kernels are inlined
// loop nests, plus one function per parallel loop body; LLVM's optimizer and
// code generator take most of a large model's compile time, one function at
// a time. Here each top-level loop of the entry function becomes its own
// function, the module is split into partitions of about equal size
// (llvm::SplitModule, as LTO's parallel code generation does), and each
// partition is optimized and compiled into an object file on a thread of its
// own, in its own LLVMContext (contexts are not thread-safe), reached through
// bitcode. The partition count is fixed, so the artifact does not depend on
// the number of threads.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/CPU/Artifact.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <mutex>

using namespace mlir;
using namespace dlc;

namespace {
/// More partitions than this machine has cores, so that uneven partitions
/// still keep every thread busy.
constexpr unsigned kPartitions = 8;

/// Moves every top-level loop of `entry` into a function of its own, so that
/// the entry function's kernels can go to different partitions.
void extractTopLevelLoops(llvm::Function &entry) {
  // Descriptor fields written and read back (extractvalue of insertvalue)
  // fold to their constants first, so the extracted loops still see static
  // sizes and strides instead of taking them as arguments.
  for (llvm::BasicBlock &block : entry)
    llvm::SimplifyInstructionsInBlock(&block);
  llvm::DominatorTree dominators(entry);
  llvm::LoopInfo loops(dominators);
  SmallVector<llvm::Loop *> topLevel(loops.begin(), loops.end());
  for (llvm::Loop *loop : topLevel) {
    llvm::simplifyLoop(loop, &dominators, &loops, /*SE=*/nullptr,
                       /*AC=*/nullptr, /*MSSAU=*/nullptr,
                       /*PreserveLCSSA=*/false);
    llvm::CodeExtractorAnalysisCache cache(entry);
    llvm::CodeExtractor extractor(loop->getBlocks(), &dominators);
    if (extractor.isEligible() && extractor.extractCodeRegion(cache))
      loops.erase(loop);
  }
}

/// The target machine of `prototype`, created anew for another thread.
std::unique_ptr<llvm::TargetMachine>
cloneTargetMachine(const llvm::TargetMachine &prototype) {
  return std::unique_ptr<llvm::TargetMachine>(
      prototype.getTarget().createTargetMachine(
          prototype.getTargetTriple(), prototype.getTargetCPU(),
          prototype.getTargetFeatureString(), prototype.Options,
          llvm::Reloc::PIC_, std::nullopt, prototype.getOptLevel()));
}

/// Optimizes and compiles one partition's bitcode into `objectPath`; returns
/// an error message, empty on success.
std::string compilePartition(StringRef bitcode, StringRef objectPath,
                             const llvm::TargetMachine &prototype,
                             unsigned optLevel) {
  llvm::LLVMContext context;
  llvm::Expected<std::unique_ptr<llvm::Module>> module = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(bitcode, "partition"), context);
  if (!module)
    return "cannot read a partition back: " +
           llvm::toString(module.takeError());
  std::unique_ptr<llvm::TargetMachine> machine = cloneTargetMachine(prototype);
  if (!machine)
    return "cannot create a target machine for a partition";
  if (llvm::Error error = optimizeArtifactModule(**module, *machine, optLevel))
    return "LLVM optimization failed: " + llvm::toString(std::move(error));
  std::error_code error;
  llvm::raw_fd_ostream os(objectPath, error);
  if (error)
    return "cannot write '" + objectPath.str() + "': " + error.message();
  if (failed(emitMachineCode(**module, *machine, /*assembly=*/false, os)))
    return "code generation of a partition failed";
  return "";
}

/// Emits the weights module (data only: nothing to optimize) into
/// `objectPath`; returns an error message, empty on success.
std::string compileWeights(llvm::Module &weights, StringRef objectPath,
                           const llvm::TargetMachine &prototype) {
  std::unique_ptr<llvm::TargetMachine> machine = cloneTargetMachine(prototype);
  if (!machine)
    return "cannot create a target machine for the weights";
  std::error_code error;
  llvm::raw_fd_ostream os(objectPath, error);
  if (error)
    return "cannot write '" + objectPath.str() + "': " + error.message();
  if (failed(emitMachineCode(weights, *machine, /*assembly=*/false, os)))
    return "code generation of the weights failed";
  return "";
}
} // namespace

FailureOr<SmallVector<std::string>>
dlc::emitObjectsInParallel(std::unique_ptr<llvm::Module> module,
                           std::unique_ptr<llvm::Module> weights,
                           StringRef entry, const llvm::TargetMachine &machine,
                           unsigned optLevel, unsigned threads, Location loc) {
  if (llvm::Function *entryFunction = module->getFunction(entry))
    extractTopLevelLoops(*entryFunction);

  SmallVector<SmallString<0>> bitcodes;
  llvm::SplitModule(
      *module, kPartitions,
      [&](std::unique_ptr<llvm::Module> part) {
        llvm::raw_svector_ostream os(bitcodes.emplace_back());
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/false);
  module.reset();

  SmallVector<std::string> objectPaths;
  for (size_t i = 0; i < bitcodes.size() + (weights ? 1 : 0); ++i) {
    SmallString<128> path;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "dlc-artifact-" + std::to_string(i), "o", path)) {
      for (const std::string &created : objectPaths)
        llvm::sys::fs::remove(created);
      return emitError(loc, "cannot create a temporary file: ") << ec.message();
    }
    objectPaths.push_back(path.str().str());
  }

  std::mutex errorsMutex;
  std::string firstError;
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(threads));
    for (size_t i = 0; i < bitcodes.size(); ++i)
      pool.async([&, i] {
        std::string error =
            compilePartition(bitcodes[i], objectPaths[i], machine, optLevel);
        std::lock_guard<std::mutex> lock(errorsMutex);
        if (!error.empty() && firstError.empty())
          firstError = error;
      });
    // Meanwhile the weights, in the module's own context on this thread.
    if (weights) {
      std::string error = compileWeights(*weights, objectPaths.back(), machine);
      std::lock_guard<std::mutex> lock(errorsMutex);
      if (!error.empty() && firstError.empty())
        firstError = error;
    }
    pool.wait();
  }
  if (!firstError.empty()) {
    for (const std::string &path : objectPaths)
      llvm::sys::fs::remove(path);
    return emitError(loc, firstError);
  }
  return objectPaths;
}
