//===- Compiler.h - dlc compiler C++ API ------------------------*- C++ -*-===//
//
// The entry point other toolchains embed: parse a model, compile it for a
// target to an artifact (or stop at an IR stage), and hand the artifact to
// the runtime (dlc-rt/dlc_runtime.h) to run. The `dlc` tool is built on it.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_COMPILER_COMPILER_H
#define DLC_COMPILER_COMPILER_H

#include "dlc/Frontend/ONNX/ONNXImporter.h"
#include "dlc/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

/// What `dlc compile --report` prints about placement.
enum class ReportFormat { None, Text, JSON };

struct CompileOptions {
  /// Devices to compile for, in order of preference: "cpu", "cuda",
  /// "cuda,cpu". Each op goes to the first device that can run it.
  std::string target = "cpu";
  /// NAME:DEVICE pins (ONNX node names, or op names such as dlc.gather).
  std::vector<std::string> pins;
  /// Fail instead of falling back to a later target.
  bool noFallback = false;
  /// Fuse ops into shared kernels.
  bool fuse = true;
  /// Placement report, written to `reportPath` ("-" for stdout).
  ReportFormat report = ReportFormat::None;
  std::string reportPath = "-";
  /// GPU architecture of CUDA kernels.
  std::string cudaArch = "sm_90";
  /// Inputs of f32 contractions on the GPU: "f32" (exact, CUDA cores),
  /// "tf32" (sm_80+) or "f16", rounded to that type and multiplied on tensor
  /// cores with f32 accumulation.
  std::string cudaMatmulPrecision = "f32";
  /// CUDA toolkit whose ptxas/fatbinary assemble kernels; empty: $CUDA_HOME,
  /// else /usr/local/cuda.
  std::string cudaToolkit;
  /// Device image format: fatbin (cubin + PTX), bin (cubin) or isa (PTX);
  /// empty: fatbin when the toolkit has ptxas and fatbinary, else isa.
  std::string cudaImage;
  /// CPU to generate code for: "native" or an LLVM CPU name.
  std::string cpu = "native";
  /// Width of CPU vectors in bits; 0: the target's choice (its full-rate
  /// FMA width, at most 256 for now). For experiments.
  unsigned vectorBits = 0;
  /// LLVM optimization level (0-3).
  unsigned optLevel = 3;
  /// Threads that optimize and compile the artifact's partitions (0: all
  /// cores). The artifact does not depend on it.
  unsigned codegenThreads = 0;
  /// Where to stop; stages before Artifact write text (or an object file).
  Stage emit = Stage::Artifact;
  /// How ONNX models are imported.
  ONNXImportOptions onnx;
  /// Honor MLIR's pass-manager command-line flags (--mlir-print-ir-after=...);
  /// only for tools that called mlir::registerPassManagerCLOptions().
  bool usePassManagerCLOptions = false;
};

/// Parses a stage name as used by `--emit` (graph, kernels, linalg, llvm,
/// llvm-ir, asm, obj, so).
std::optional<Stage> parseStage(llvm::StringRef name);

/// Owns an MLIR context with every dialect dlc needs. Diagnostics are printed
/// to stderr with file, line and column.
class Compiler {
public:
  /// Diagnostics (errors naming file, op and location) go to
  /// `diagnosticStream`.
  explicit Compiler(llvm::raw_ostream &diagnosticStream = llvm::errs());
  ~Compiler();

  mlir::MLIRContext &getContext() { return context; }

  /// Parses and verifies a model file: MLIR text in the dlc dialect, or an
  /// ONNX model (`.onnx`), imported into the dlc dialect.
  mlir::OwningOpRef<mlir::ModuleOp>
  parseFile(llvm::StringRef path, const ONNXImportOptions &onnxOptions = {});

  /// Compiles `module` (consumed) and writes the requested stage to
  /// `outputPath` ("-" for stdout, text stages only).
  mlir::LogicalResult compile(mlir::ModuleOp module,
                              const CompileOptions &options,
                              llvm::StringRef outputPath);

  /// parseFile + compile.
  mlir::LogicalResult compileFile(llvm::StringRef inputPath,
                                  const CompileOptions &options,
                                  llvm::StringRef outputPath);

private:
  mlir::MLIRContext context;
  llvm::raw_ostream &diagnosticStream;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> diagnostics;
};

} // namespace dlc

#endif // DLC_COMPILER_COMPILER_H
