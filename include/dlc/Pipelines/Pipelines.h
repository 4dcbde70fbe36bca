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
  ListOption<std::string> targets{
      *this, "targets",
      llvm::cl::desc("Devices kernels may be placed on, in order of "
                     "preference (default: cpu)")};
  ListOption<std::string> pins{
      *this, "pins",
      llvm::cl::desc("NAME:DEVICE pairs pinning ops (ONNX node names or op "
                     "names) to a device")};
  Option<bool> noFallback{
      *this, "no-fallback",
      llvm::cl::desc("Fail instead of placing an op on a later target "
                     "because the first cannot run it"),
      llvm::cl::init(false)};
  Option<bool> fuse{*this, "fuse",
                    llvm::cl::desc("Fuse ops into shared kernels"),
                    llvm::cl::init(true)};
  Option<std::string> cudaArch{*this, "cuda-arch",
                               llvm::cl::desc("GPU architecture of CUDA "
                                              "kernels (sm_80, sm_90, ...)"),
                               llvm::cl::init("sm_90")};
  Option<std::string> cudaMatmulPrecision{
      *this, "cuda-matmul-precision",
      llvm::cl::desc("Inputs of f32 contractions on the GPU: f32 (exact), "
                     "tf32 or f16 (rounded, on tensor cores)"),
      llvm::cl::init("f32")};
  Option<std::string> cudaImage{
      *this, "cuda-image",
      llvm::cl::desc("Device image of CUDA kernels: fatbin (cubin + PTX, "
                     "needs the CUDA toolkit), bin (cubin) or isa (PTX)"),
      llvm::cl::init("isa")};
  Option<std::string> cudaToolkit{
      *this, "cuda-toolkit",
      llvm::cl::desc("CUDA toolkit used to assemble PTX (ptxas, fatbinary)"),
      llvm::cl::init("/usr/local/cuda")};
  // Overrides of dlc-select-lowering's choices (0: the module's
  // `dlc.target`, which dlc compile sets from --cpu), for experiments.
  Option<int64_t> registerTileM{
      *this, "register-tile-m",
      llvm::cl::desc("Rows of the CPU's contraction register tiles; 0: from "
                     "the target's register count (6 for 16, 8 for 32)"),
      llvm::cl::init(0)};
  Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Width of the CPU's vectors in bits; 0: the target's "
                     "full-rate FMA width"),
      llvm::cl::init(0)};
  Option<unsigned> contractionVectorBits{
      *this, "contraction-vector-bits",
      llvm::cl::desc("Vector width of the contraction (GEMM) kernels; 0: "
                     "vector-bits"),
      llvm::cl::init(0)};

  /// The ordered target list, `cpu` when none is given.
  llvm::SmallVector<std::string> getTargets() const;
};

/// Graph simplification (batch-norm folding, canonicalize, CSE).
void buildGraphSimplificationPipeline(mlir::OpPassManager &pm);
/// Placement, kernel formation (fusion), transfers and outlining: graph IR
/// -> host function calling kernels on their devices.
void buildKernelFormationPipeline(mlir::OpPassManager &pm,
                                  const GraphPipelineOptions &options);
/// dlc ops -> linalg on tensors.
void buildGraphToLinalgPipeline(mlir::OpPassManager &pm);
/// linalg on tensors -> LLVM dialect for the CPU (bufferization, loops,
/// out-parameter calling convention with bare pointers). Each op's tiling
/// comes from dlc-select-lowering, for the module's `dlc.target`; non-zero
/// `registerTileM`, `vectorBits` and `contractionVectorBits` override it.
void buildCPUCodegenPipeline(mlir::OpPassManager &pm, int64_t registerTileM = 0,
                             unsigned vectorBits = 0,
                             unsigned contractionVectorBits = 0);

/// linalg on tensors -> LLVM dialect for the host, with every kernel in a
/// gpu.binary holding its device image (PTX, cubin or fatbin).
void buildCUDACodegenPipeline(mlir::OpPassManager &pm,
                              const GraphPipelineOptions &options);

/// linalg on tensors -> LLVM dialect for `device` (cpu or cuda).
void buildCodegenPipeline(mlir::OpPassManager &pm, llvm::StringRef device,
                          const GraphPipelineOptions &options);

/// Adds the passes that take graph IR to `stage` (at most LLVMDialect),
/// generating code for the first target.
void buildPipelineUpTo(mlir::OpPassManager &pm, Stage stage,
                       const GraphPipelineOptions &options);

/// Registers the dialects dlc's pipelines need.
void registerAllDialects(mlir::DialectRegistry &registry);
/// Registers dlc's passes and named pipelines (`dlc-cpu-pipeline`, ...).
void registerAllPasses();

} // namespace dlc

#endif // DLC_PIPELINES_PIPELINES_H
