//===- Pipelines.h - the dlc compilation pipeline ---------------*- C++ -*-===//
//
// One place assembles the phases: graph passes, kernel formation, lowering to
// linalg, and CPU code generation down to the LLVM dialect. Each phase is
// also registered as a pass pipeline so dlc-opt can run it.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_PIPELINES_PIPELINES_H
#define DLC_PIPELINES_PIPELINES_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace dlc {

/// The IR levels `dlc compile --emit` can stop at, in pipeline order.
enum class Stage {
  Graph,          ///< verified dlc graph IR after graph simplification
  Kernels,        ///< kernels formed, placed and outlined
  Linalg,         ///< kernels lowered to linalg on tensors
  LLVMDialect,    ///< bufferized and lowered to the LLVM dialect
  DeviceAssembly, ///< PTX of every CUDA kernel module (CUDA target only)
  LLVMIR,         ///< LLVM IR with the artifact ABI, optimized
  Assembly,       ///< target assembly
  Object,         ///< relocatable object
  Artifact,       ///< shared-object artifact
};

struct GraphPipelineOptions : mlir::PassPipelineOptions<GraphPipelineOptions> {
  Option<std::string> device{*this, "device",
                             llvm::cl::desc("Device kernels are placed on"),
                             llvm::cl::init("cpu")};
  Option<std::string> cudaArch{*this, "cuda-arch",
                               llvm::cl::desc("GPU architecture of CUDA "
                                              "kernels (sm_80, sm_90, ...)"),
                               llvm::cl::init("sm_90")};
  Option<std::string> cudaFormat{
      *this, "cuda-format",
      llvm::cl::desc("Device image of CUDA kernels: fatbin (cubin + PTX, "
                     "needs the CUDA toolkit), bin (cubin) or isa (PTX)"),
      llvm::cl::init("isa")};
  Option<std::string> cudaToolkit{
      *this, "cuda-toolkit",
      llvm::cl::desc("CUDA toolkit used to assemble PTX (ptxas, fatbinary)"),
      llvm::cl::init("/usr/local/cuda")};
};

/// Graph simplification (canonicalize, CSE).
void buildGraphSimplificationPipeline(mlir::OpPassManager &pm);
/// Kernel formation and outlining: graph IR -> host function calling kernels.
void buildKernelFormationPipeline(mlir::OpPassManager &pm,
                                  const GraphPipelineOptions &options);
/// dlc ops -> linalg on tensors.
void buildGraphToLinalgPipeline(mlir::OpPassManager &pm);
/// linalg on tensors -> LLVM dialect for the CPU (bufferization, loops,
/// out-parameter calling convention with bare pointers).
void buildCPUCodegenPipeline(mlir::OpPassManager &pm);

/// linalg on tensors -> LLVM dialect for the host, with every kernel in a
/// gpu.binary holding its device image (PTX, cubin or fatbin).
void buildCUDACodegenPipeline(mlir::OpPassManager &pm,
                              const GraphPipelineOptions &options);

/// Adds the passes that take graph IR to `stage` (at most LLVMDialect).
void buildPipelineUpTo(mlir::OpPassManager &pm, Stage stage,
                       const GraphPipelineOptions &options);

/// Registers the dialects dlc's pipelines need.
void registerAllDialects(mlir::DialectRegistry &registry);
/// Registers dlc's passes and named pipelines (`dlc-cpu-pipeline`, ...).
void registerAllPasses();

} // namespace dlc

#endif // DLC_PIPELINES_PIPELINES_H
