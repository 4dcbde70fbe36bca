//===- Pipelines.cpp - the dlc compilation pipeline -----------------------===//
//
// Reading this file tells the whole compiler: every phase, in order.
//
//===----------------------------------------------------------------------===//

#include "dlc/Pipelines/Pipelines.h"

#include "dlc/Conversion/Passes.h"
#include "dlc/Dialect/Graph/IR/Graph.h"
#include "dlc/Dialect/Graph/Transforms/Passes.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUCommon/GPUToLLVM.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVM.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/SubsetOpInterfaceImpl.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

SmallVector<std::string> dlc::GraphPipelineOptions::getTargets() const {
  if (targets.empty())
    return {"cpu"};
  return SmallVector<std::string>(targets.begin(), targets.end());
}

void dlc::buildGraphSimplificationPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(graph::createDlcFoldConstantsPass());
  pm.addNestedPass<func::FuncOp>(graph::createDlcFoldBatchNormPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void dlc::buildKernelFormationPipeline(OpPassManager &pm,
                                       const GraphPipelineOptions &options) {
  graph::DlcPlaceOpsPassOptions placeOptions;
  placeOptions.targets = llvm::to_vector(options.getTargets());
  placeOptions.pins = llvm::to_vector(options.pins);
  placeOptions.noFallback = options.noFallback;
  pm.addNestedPass<func::FuncOp>(graph::createDlcPlaceOpsPass(placeOptions));
  graph::DlcFormKernelsPassOptions formOptions;
  formOptions.defaultDevice = options.getTargets().front();
  formOptions.fuse = options.fuse;
  pm.addNestedPass<func::FuncOp>(graph::createDlcFormKernelsPass(formOptions));
  pm.addNestedPass<func::FuncOp>(graph::createDlcInsertTransfersPass());
  pm.addPass(graph::createDlcOutlineKernelsPass());
}

void dlc::buildGraphToLinalgPipeline(OpPassManager &pm) {
  pm.addPass(graph::createDlcDropEmptyEntryTensorsPass());
  pm.addPass(createConvertGraphToLinalgPass());
  pm.addPass(createCanonicalizerPass());
}

/// Bufferizes a whole program and turns its results into out-parameters:
/// the artifact ABI passes every input and output as a pointer to a dense
/// buffer.
static void buildBufferizationPipeline(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  // Loop-carried buffers fold away, so that kernels return their allocations
  // directly and out-parameters replace them.
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::BufferDeallocationPipelineOptions deallocOptions;
  bufferization::buildBufferDeallocationPipeline(pm, deallocOptions);
  pm.addPass(createCanonicalizerPass());
}

/// arith, index, ub, func and cf to the LLVM dialect; functions take bare
/// pointers (the artifact ABI).
static void buildScalarsAndFunctionsToLLVMPipeline(OpPassManager &pm) {
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
}

/// Each kernel's elementwise chains become single loop nests before kernels
/// are inlined into the host program, so fusion stays within the kernels
/// that kernel formation chose. Convolutions are decomposed first: a
/// depthwise one becomes elementwise, and its bias and activation fuse in.
/// `cpu` chooses direct convolutions and per-window im2col copies
/// (vectorized loops), else one im2col op per convolution (one GPU kernel).
static void buildKernelFusionPipeline(OpPassManager &pm, bool cpu) {
  dlc::DlcDecomposeConvolutionsPassOptions decompose;
  decompose.directConvolutions = cpu;
  decompose.im2colCopyPerWindow = cpu;
  pm.addNestedPass<func::FuncOp>(
      dlc::createDlcDecomposeConvolutionsPass(decompose));
  pm.addNestedPass<func::FuncOp>(dlc::createDlcFuseElementwisePass());
}

void dlc::buildCPUCodegenPipeline(OpPassManager &pm, int64_t registerTileM,
                                  unsigned vectorBits,
                                  unsigned contractionVectorBits) {
  // While kernel calls are still calls: the profiler's hooks.
  pm.addPass(createDlcInstrumentKernelsPass());
  buildKernelFusionPipeline(pm, /*cpu=*/true);
  // CPU kernels run in the host's thread: inlined, the whole program is
  // bufferized at once, so results land in the caller's buffers without
  // copies and temporaries are planned together.
  pm.addPass(createInlinerPass());
  // Tile and vectorize on tensors, where slices and loops are still values.
  // Strategy, then mechanism: each op's configuration, then its tiles.
  DlcSelectLoweringPassOptions lowering;
  lowering.registerTileM = registerTileM;
  lowering.vectorBits = vectorBits;
  lowering.contractionVectorBits = contractionVectorBits;
  pm.addNestedPass<func::FuncOp>(createDlcSelectLoweringPass(lowering));
  pm.addNestedPass<func::FuncOp>(createDlcTileAndVectorizePass());
  // No CSE here: it would merge identical fill loops over identical
  // tensor.empty ops, and every op writing the shared result would then get
  // a copy of it.
  pm.addPass(createCanonicalizerPass());
  // Bufferize whole programs: kernels and host share one memory plan.
  buildBufferizationPipeline(pm);

  // Before outlining: parallel bodies still sit in their loops.
  pm.addPass(createDlcAnnotateMemoryFootprintPass());
  pm.addPass(createDlcOutlineParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(createDlcExpandStridedCopiesPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // Reductions of n-D vectors (several reduced dims) become 1-D reductions.
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMultiReductionPass(
      vector::VectorMultiReductionLowering::InnerReduction));
  pm.addNestedPass<func::FuncOp>(createDlcWidenStridedReadsPass());
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  // exp, tanh, erf, ... as vector polynomials rather than a libm call per
  // lane; the other libm calls on vectors unroll into scalar calls.
  pm.addNestedPass<func::FuncOp>(dlc::createDlcApproximateMathPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  // Vector reductions become trees of adds instead of a serial chain.
  vectorToLLVM.reassociateFPReductions = true;
  vectorToLLVM.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  vectorToLLVM.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle1D;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Buffers come from the runtime's caching allocator (through the
  // artifact's allocator hooks), not straight from malloc: a model run then
  // reuses the previous run's pages instead of faulting in fresh ones.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  // bf16 <-> f32 conversions as integer arithmetic (and integer <-> bf16
  // ones through f32): LLVM would otherwise call compiler-rt's
  // __truncsfbf2 on CPUs without AVX512-BF16, which an artifact cannot link
  // against.
  pm.addPass(dlc::createDlcExpandBF16ConversionsPass());
  arith::ArithExpandOpsPassOptions expandOptions;
  expandOptions.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expandOptions));
  buildScalarsAndFunctionsToLLVMPipeline(pm);
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void dlc::buildCUDACodegenPipeline(OpPassManager &pm,
                                   const GraphPipelineOptions &options) {
  // GPU kernels tile contractions in shared memory: convolutions go through
  // im2col.
  buildKernelFusionPipeline(pm, /*cpu=*/false);
  // As on the CPU, one program: the host code launches every kernel. Kernels
  // placed on the CPU stay calls (no_inline); they are bufferized with the
  // program, so that their calls are, and then become declarations: the CPU
  // pipeline compiles them apart (see Compiler.cpp).
  pm.addPass(createInlinerPass());
  pm.addPass(createCanonicalizerPass());
  buildBufferizationPipeline(pm);
  pm.addPass(createDlcDeclareHostKernelsPass());
  pm.addNestedPass<func::FuncOp>(createDlcPlaceBuffersOnGPUPass());
  pm.addPass(createDlcCacheDeviceConstantsPass());
  // Strategy, then mechanism: each op's kernel shape, then its launch.
  DlcSelectGPULoweringPassOptions kernels;
  kernels.matmulPrecision = options.cudaMatmulPrecision;
  pm.addNestedPass<func::FuncOp>(createDlcSelectGPULoweringPass(kernels));
  pm.addNestedPass<func::FuncOp>(createDlcMapKernelsToGPUPass());
  // No canonicalization before outlining: it would hoist the constants that
  // dlc-map-kernels-to-gpu sank into kernels, and kernels would take them as
  // parameters instead of folding them.
  pm.addPass(createGpuKernelOutliningPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createDlcAlignTensorCoreTilesPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());

  // Device code: NVVM, then a device image per kernel module.
  GpuNVVMAttachTargetOptions target;
  target.chip = options.cudaArch;
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addNestedPass<gpu::GPUModuleOp>(memref::createExpandStridedMetadataPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createLowerAffinePass());
  // Kernels take bare pointers: their buffers are dense (views are taken
  // inside the kernel), and launches pass a pointer instead of a descriptor.
  ConvertGpuOpsToNVVMOpsOptions toNVVM;
  toNVVM.useBarePtrCallConv = true;
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps(toNVVM));
  pm.addNestedPass<gpu::GPUModuleOp>(createCanonicalizerPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCSEPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());

  // Host code: one stream per run; launches and copies are ordered on it.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  buildScalarsAndFunctionsToLLVMPipeline(pm);
  GpuToLLVMConversionPassOptions gpuToLLVM;
  gpuToLLVM.hostBarePtrCallConv = true;
  gpuToLLVM.kernelBarePtrCallConv = true;
  pm.addPass(createGpuToLLVMConversionPass(gpuToLLVM));
  GpuModuleToBinaryPassOptions toBinary;
  toBinary.compilationTarget = options.cudaImage;
  toBinary.toolkitPath = options.cudaToolkit;
  pm.addPass(createGpuModuleToBinaryPass(toBinary));
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void dlc::buildPipelineUpTo(OpPassManager &pm, Stage stage,
                            const GraphPipelineOptions &options) {
  buildGraphSimplificationPipeline(pm);
  if (stage == Stage::Graph)
    return;
  buildKernelFormationPipeline(pm, options);
  if (stage == Stage::Kernels)
    return;
  buildGraphToLinalgPipeline(pm);
  if (stage == Stage::Linalg)
    return;
  buildCodegenPipeline(pm, options.getTargets().front(), options);
}

void dlc::buildCodegenPipeline(OpPassManager &pm, StringRef device,
                               const GraphPipelineOptions &options) {
  if (device == "cuda")
    buildCUDACodegenPipeline(pm, options);
  else
    buildCPUCodegenPipeline(pm, options.registerTileM, options.vectorBits,
                            options.contractionVectorBits);
}

void dlc::registerAllDialects(DialectRegistry &registry) {
  registry.insert<graph::DlcDialect, affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, func::FuncDialect,
                  linalg::LinalgDialect, LLVM::LLVMDialect, math::MathDialect,
                  memref::MemRefDialect, scf::SCFDialect, tensor::TensorDialect,
                  vector::VectorDialect, gpu::GPUDialect, NVVM::NVVMDialect,
                  // Produced mid-pipeline (ub.poison pads vector reads), so
                  // that dumped IR parses back into dlc-opt.
                  cf::ControlFlowDialect, index::IndexDialect, ub::UBDialect>();
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  // convert-gpu-to-nvvm and gpu-to-llvm lower every dialect in a kernel or
  // in host code around launches through these.
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  registerConvertFuncToLLVMInterface(registry);
  gpu::registerConvertGpuToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertMathToLLVMInterface(registry);
  registerConvertMemRefToLLVMInterface(registry);
  registerConvertNVVMToLLVMInterface(registry);
  vector::registerConvertVectorToLLVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
  // gpu-module-to-binary translates kernels to LLVM IR; the host translation
  // embeds their images.
  registerBuiltinDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  func::registerInlinerExtension(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  // Tiling, peeling and subset hoisting reason about slices through these.
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  linalg::registerValueBoundsOpInterfaceExternalModels(registry);
  memref::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  tensor::registerValueBoundsOpInterfaceExternalModels(registry);
  linalg::registerSubsetOpInterfaceExternalModels(registry);
  tensor::registerSubsetOpInterfaceExternalModels(registry);
  vector::registerSubsetOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
}

void dlc::registerAllPasses() {
  graph::registerDlcGraphPasses();
  registerDlcConversionPasses();
  registerDlcTransformsPasses();
  PassPipelineRegistration<GraphPipelineOptions>(
      "dlc-graph-to-kernels", "Simplify the graph and form outlined kernels",
      [](OpPassManager &pm, const GraphPipelineOptions &options) {
        buildPipelineUpTo(pm, Stage::Kernels, options);
      });
  PassPipelineRegistration<GraphPipelineOptions>(
      "dlc-cpu-codegen",
      "Lower linalg-on-tensors kernels to the LLVM dialect for the CPU",
      [](OpPassManager &pm, const GraphPipelineOptions &options) {
        buildCPUCodegenPipeline(pm, options.registerTileM, options.vectorBits,
                                options.contractionVectorBits);
      });
  PassPipelineRegistration<GraphPipelineOptions>(
      "dlc-cuda-codegen",
      "Lower linalg-on-tensors kernels to GPU kernels in device images and "
      "LLVM-dialect host code",
      buildCUDACodegenPipeline);
  PassPipelineRegistration<GraphPipelineOptions>(
      "dlc-cuda-pipeline",
      "Lower dlc graph IR to CUDA kernels and LLVM-dialect host code",
      [](OpPassManager &pm, const GraphPipelineOptions &options) {
        GraphPipelineOptions cuda;
        cuda.targets = ArrayRef<std::string>{"cuda"};
        cuda.fuse = options.fuse;
        cuda.cudaArch = options.cudaArch;
        cuda.cudaMatmulPrecision = options.cudaMatmulPrecision;
        cuda.cudaImage = options.cudaImage;
        cuda.cudaToolkit = options.cudaToolkit;
        buildPipelineUpTo(pm, Stage::LLVMDialect, cuda);
      });
  PassPipelineRegistration<GraphPipelineOptions>(
      "dlc-cpu-pipeline", "Lower dlc graph IR to the LLVM dialect for the CPU",
      [](OpPassManager &pm, const GraphPipelineOptions &options) {
        buildPipelineUpTo(pm, Stage::LLVMDialect, options);
      });
}
