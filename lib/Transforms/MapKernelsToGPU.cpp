//===- MapKernelsToGPU.cpp - buffer ops to GPU kernel launches ------------===//
//
// Kernel shapes, chosen per op (see Passes.td): tiled matmul (on CUDA or
// tensor cores), block reduction, 16 bytes or one element per thread. Each
// is built directly as a gpu.launch whose body indexes the op's buffers
// through its indexing maps; the shapes are in their own files
// (GPUKernelMapping.h).
//
//===----------------------------------------------------------------------===//

#include "GPUKernelMapping.h"

#include "mlir/Dialect/GPU/Utils/GPUUtils.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_DLCMAPKERNELSTOGPUPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc::gpu_mapping;
using dlc::graph::GPULoweringConfigAttr;
using dlc::graph::GPULoweringStrategy;

namespace {

struct DlcMapKernelsToGPUPass
    : dlc::impl::DlcMapKernelsToGPUPassBase<DlcMapKernelsToGPUPass> {
  using DlcMapKernelsToGPUPassBase::DlcMapKernelsToGPUPassBase;

  /// Builds the kernel `op`'s configuration names.
  LogicalResult mapOp(RewriterBase &rewriter, linalg::LinalgOp op) {
    auto config =
        op->getAttrOfType<GPULoweringConfigAttr>(dlc::kLoweringConfigAttrName);
    if (!config)
      return op.emitOpError("has no GPU lowering configuration (")
             << dlc::kLoweringConfigAttrName
             << "); dlc-select-gpu-lowering sets one on every linalg op";
    if (!op.hasPureBufferSemantics() || !hasStaticLoops(op))
      return op.emitError("the CUDA target needs bufferized ops with static "
                          "shapes");
    auto misfit = [&] {
      return op.emitOpError("does not fit its lowering configuration ")
             << config;
    };
    switch (config.getStrategy()) {
    case GPULoweringStrategy::TiledMatmul: {
      std::optional<MatmulDims> dims = matchMatmul(op);
      int64_t tile = config.getTile();
      if (!dims || tile % kMatmulThreads != 0 ||
          (kMatmulTileK * tile) % (kMatmulThreads * kMatmulThreads))
        return misfit();
      return mapTiledMatmul(rewriter, op, *dims, tile);
    }
    case GPULoweringStrategy::TensorCoreMatmul: {
      std::optional<MatmulDims> dims = matchMatmul(op);
      std::optional<MatmulPrecision> precision =
          parseMatmulPrecision(config.getPrecision());
      if (!dims || config.getTile() != kTensorCoreTile || !precision)
        return misfit();
      return mapTensorCoreMatmul(rewriter, op, *dims, *precision);
    }
    case GPULoweringStrategy::BlockPerOutput: {
      Operation *combiner = matchBlockReduction(op, /*minLength=*/1);
      if (!combiner || failed(mapBlockPerOutput(rewriter, op, combiner,
                                                config.getBlockSize())))
        return misfit();
      return success();
    }
    case GPULoweringStrategy::VectorThreadPerOutput: {
      SmallVector<VectorAccess> accesses;
      std::optional<int64_t> lanes = vectorLanes(op, accesses);
      if (!lanes || *lanes != config.getLanes())
        return misfit();
      mapVectorThreadPerOutput(rewriter, op, *lanes, accesses,
                               config.getBlockSize());
      return success();
    }
    case GPULoweringStrategy::ThreadPerOutput:
      return mapThreadPerOutput(rewriter, op, config.getBlockSize());
    }
    llvm_unreachable("unknown GPU lowering strategy");
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    // Every kernel is a linalg op with a configuration by now; a copy of
    // device buffers left as memref.copy would run on the host.
    WalkResult copies = func.walk([](memref::CopyOp copy) {
      if (copy->hasAttr(dlc::kHostCopyAttrName))
        return WalkResult::advance();
      copy.emitOpError("of device buffers has no kernel; "
                       "dlc-select-gpu-lowering makes it a linalg.copy");
      return WalkResult::interrupt();
    });
    if (copies.wasInterrupted())
      return signalPassFailure();

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<gpu::LaunchOp>())
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops)
      if (failed(mapOp(rewriter, op)))
        return signalPassFailure();
    // Views of buffers are taken inside kernels, so kernels capture only
    // dense buffers (passed as bare pointers).
    SmallVector<gpu::LaunchOp> launches;
    func.walk([&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches)
      if (failed(sinkOperationsIntoLaunchOp(launch, [](Operation *op) {
            return isa<ViewLikeOpInterface>(op) ||
                   op->hasTrait<OpTrait::ConstantLike>();
          })))
        return signalPassFailure();
    // The host only allocates, copies and launches: its buffers are device
    // memory.
    WalkResult hostAccess = func.walk<WalkOrder::PreOrder>([](Operation *op) {
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (isa<memref::LoadOp, memref::StoreOp, vector::TransferReadOp,
              vector::TransferWriteOp, linalg::LinalgOp>(op)) {
        op->emitError("'") << op->getName()
                           << "' would access device memory from the host";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (hostAccess.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
