//===- Artifact.h - CPU artifact emission -----------------------*- C++ -*-===//
//
// Turns the LLVM-dialect form of a compiled model into the artifact the
// runtime loads: a shared object exporting `dlc_artifact_invoke` and
// `dlc_artifact_metadata` (see lib/Runtime/Host/ArtifactMetadata.h).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_CPU_ARTIFACT_H
#define DLC_TARGET_CPU_ARTIFACT_H

#include "dlc-rt/dlc_artifact_abi.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace dlc {

/// Version of the artifact format written here; the runtime checks it.
constexpr int kArtifactFormatVersion = DLC_ARTIFACT_FORMAT_VERSION;

struct TensorSignature {
  std::string name;
  std::string dtype; ///< "f32", "f64", "f16", "i64", "i32", "i8" or "bool"
  llvm::SmallVector<int64_t> shape;
};

/// A kernel call the profiler can time (dlc-instrument-kernels), by id.
struct KernelSignature {
  std::string name;
  /// ONNX nodes fused into it, comma-separated (may be empty).
  std::string nodes;
  /// Floating-point operations of its contractions (0: not counted).
  int64_t flops = 0;
  /// Bytes of its operands, results and weights (0: not counted).
  int64_t bytes = 0;
};

/// Inputs and outputs of a model's entry function, in ABI order.
struct ArtifactSignature {
  std::string entry;
  std::string target;
  /// Architecture of the device images (`sm_90`), empty for the CPU.
  std::string deviceArch;
  /// The CPU target description the host code was generated for
  /// (CPUTargetDescription::toString()).
  std::string cpuTarget;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
  /// Bytes of the constants, and the planned peak of the heap buffers a
  /// run holds (dlc-annotate-memory-footprint); -1 where not known.
  int64_t weightBytes = -1;
  int64_t workspaceBytes = -1;

  std::vector<KernelSignature> kernels;

  /// Reads the footprint dlc-annotate-memory-footprint and the kernel table
  /// dlc-instrument-kernels left on `module`, and removes them.
  void takeCodegenAnnotations(mlir::ModuleOp module);

  /// The metadata text embedded in the artifact.
  std::string toMetadataText() const;
};

/// Finds the entry function (`main`, else the only public function) of a
/// graph-level module and reads its signature. Emits an error on failure.
mlir::FailureOr<ArtifactSignature> extractSignature(mlir::ModuleOp module,
                                                    llvm::StringRef target);

struct CPUTargetOptions {
  /// `native` (the compiling host) or an LLVM CPU name (`x86-64-v3`, ...).
  std::string cpu = "native";
  unsigned optLevel = 3;
};

/// Creates the target machine for `options`, or emits an error.
mlir::FailureOr<std::unique_ptr<llvm::TargetMachine>>
createCPUTargetMachine(const CPUTargetOptions &options, mlir::Location loc);

/// Translates an LLVM-dialect module to LLVM IR and adds the artifact ABI
/// (invoke wrapper, allocator hooks and metadata). With `weights`, the large
/// constants go to a module of their own instead (buildWeightsModule),
/// returned there (null if there are none).
mlir::FailureOr<std::unique_ptr<llvm::Module>> translateToArtifactModule(
    mlir::ModuleOp module, const ArtifactSignature &signature,
    llvm::TargetMachine &machine, llvm::LLVMContext &llvmContext,
    std::unique_ptr<llvm::Module> *weights = nullptr);

/// Runs LLVM's optimization pipeline at `optLevel` on `module`.
llvm::Error optimizeArtifactModule(llvm::Module &module,
                                   llvm::TargetMachine &machine,
                                   unsigned optLevel);

/// Writes assembly or an object file for `module`.
mlir::LogicalResult emitMachineCode(llvm::Module &module,
                                    llvm::TargetMachine &machine, bool assembly,
                                    llvm::raw_pwrite_stream &os);

/// A large constant taken out of the LLVM-dialect module before
/// translation: its bytes (owned by the MLIR context) and alignment.
struct DetachedWeight {
  std::string name;
  llvm::StringRef bytes;
  llvm::MaybeAlign alignment;
};

/// Takes the data of `module`'s large dense constants (16 KB or more) out:
/// their globals become external declarations.
std::vector<DetachedWeight> detachWeights(mlir::ModuleOp module);

/// The module that defines the weights, as raw bytes in the `.dlc.weights`
/// section: the `detached` ones, and the large constants still in `code`,
/// which become declarations. The code's declarations become hidden. Null if
/// there are none.
std::unique_ptr<llvm::Module>
buildWeightsModule(llvm::Module &code, llvm::ArrayRef<DetachedWeight> detached);

/// Splits an unoptimized artifact module (entry function `entry`) into
/// partitions, then optimizes and compiles them on up to `threads` threads
/// (0: all cores); `weights` (may be null) is compiled, without
/// optimization, into an object of its own meanwhile. Returns the temporary
/// object files, which the caller removes; emits an error on failure.
mlir::FailureOr<llvm::SmallVector<std::string>>
emitObjectsInParallel(std::unique_ptr<llvm::Module> module,
                      std::unique_ptr<llvm::Module> weights,
                      llvm::StringRef entry, const llvm::TargetMachine &machine,
                      unsigned optLevel, unsigned threads, mlir::Location loc);

/// Links object files into a shared-object artifact at `outputPath`.
mlir::LogicalResult linkSharedObject(llvm::ArrayRef<std::string> objectPaths,
                                     llvm::StringRef outputPath,
                                     mlir::Location loc);

/// Appends the checksum trailer (dlc_artifact_trailer) to the linked
/// artifact at `path`; the runtime refuses artifacts without it.
mlir::LogicalResult sealArtifact(llvm::StringRef path, mlir::Location loc);

} // namespace dlc

#endif // DLC_TARGET_CPU_ARTIFACT_H
