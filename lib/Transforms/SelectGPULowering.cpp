//===- SelectGPULowering.cpp - the GPU kernel shape of every op -----------===//
//
// The strategy half of CUDA code generation: which kernel each buffer op
// becomes (tiled matmul, tensor cores, a block or a thread per output) and
// its sizes, recorded as a #dlc.gpu_lowering_config on the op;
// dlc-map-kernels-to-gpu only builds it.
//
//===----------------------------------------------------------------------===//

#include "GPUKernelMapping.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "dlc-select-gpu-lowering"

namespace dlc {
#define GEN_PASS_DEF_DLCSELECTGPULOWERINGPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc::gpu_mapping;
using dlc::graph::GPULoweringConfigAttr;
using dlc::graph::GPULoweringStrategy;

namespace {
/// Reductions at least this long get a block per output.
constexpr int64_t kBlockReductionMinLength = 128;
/// Row tiles of a matmul go to the grid's y, which holds at most this many
/// blocks.
constexpr int64_t kMaxGridY = 65535;

struct DlcSelectGPULoweringPass
    : dlc::impl::DlcSelectGPULoweringPassBase<DlcSelectGPULoweringPass> {
  using DlcSelectGPULoweringPassBase::DlcSelectGPULoweringPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (matmulTile % kMatmulThreads != 0 ||
        (kMatmulTileK * matmulTile) % (kMatmulThreads * kMatmulThreads)) {
      func.emitError("matmul-tile must be a multiple of ") << kMatmulThreads;
      return signalPassFailure();
    }
    std::optional<MatmulPrecision> precision =
        parseMatmulPrecision(matmulPrecision);
    if (!precision) {
      func.emitError("matmul-precision '")
          << matmulPrecision << "' is not one of f32, tf32, f16";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    // Copies of device buffers run as kernels too, like any linalg op.
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) {
      if (!copy->hasAttr(dlc::kHostCopyAttrName))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(),
                             ValueRange{copy.getSource()},
                             ValueRange{copy.getTarget()});
      rewriter.eraseOp(copy);
    }

    auto config = [&](GPULoweringStrategy strategy, int64_t blockSize,
                      int64_t tile = 0, int64_t lanes = 0,
                      StringRef precisionName = "") {
      return GPULoweringConfigAttr::get(ctx, strategy, blockSize, tile, lanes,
                                        precisionName);
    };
    WalkResult walk = func.walk([&](linalg::LinalgOp op) {
      if (op->getParentOfType<gpu::LaunchOp>())
        return WalkResult::advance();
      if (!op.hasPureBufferSemantics() || !hasStaticLoops(op)) {
        op.emitError("the CUDA target needs bufferized ops with static "
                     "shapes");
        return WalkResult::interrupt();
      }
      GPULoweringConfigAttr chosen;
      std::optional<MatmulDims> dims = matchMatmul(op);
      int64_t tile =
          *precision == MatmulPrecision::F32 ? matmulTile : kTensorCoreTile;
      SmallVector<VectorAccess> accesses;
      if (dims && static_cast<int64_t>(llvm::divideCeil(dims->sizeM, tile)) <=
                      kMaxGridY) {
        chosen = *precision == MatmulPrecision::F32
                     ? config(GPULoweringStrategy::TiledMatmul, 0, tile)
                     : config(GPULoweringStrategy::TensorCoreMatmul, 0, tile, 0,
                              matmulPrecision);
      } else if (matchBlockReduction(op, kBlockReductionMinLength)) {
        chosen = config(GPULoweringStrategy::BlockPerOutput, blockSize);
      } else if (std::optional<int64_t> lanes = vectorLanes(op, accesses)) {
        chosen = config(GPULoweringStrategy::VectorThreadPerOutput, blockSize,
                        0, *lanes);
      } else {
        chosen = config(GPULoweringStrategy::ThreadPerOutput, blockSize);
      }
      LLVM_DEBUG(llvm::dbgs() << op->getName() << " at " << op->getLoc() << ": "
                              << chosen << "\n");
      op->setAttr(dlc::kLoweringConfigAttrName, chosen);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
