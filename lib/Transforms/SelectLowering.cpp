//===- SelectLowering.cpp - per-op lowering configurations for the CPU ----===//
//
// The strategy half of CPU code generation. Every decision about how a
// kernel op is tiled and vectorized is taken here, from the target
// description and the op's family and shape, and recorded as a
// #dlc.lowering_config on the op; dlc-tile-and-vectorize only applies it.
//
//===----------------------------------------------------------------------===//

#include "KernelTiling.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "dlc-select-lowering"

namespace dlc {
#define GEN_PASS_DEF_DLCSELECTLOWERINGPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using dlc::graph::CPUTargetAttr;
using dlc::graph::LoweringConfigAttr;
using dlc::graph::LoweringStrategy;

namespace {
/// Reductions over at most this many elements are one vector per output.
constexpr int64_t kMaxReductionVector = 4096;
/// Cache blocks of a contraction, (M, N, K) before rounding to register
/// tiles: A's rows kept in L2, B's columns per block, and a depth whose
/// nr-wide panel of B (256 x 16 floats: 16 KiB) fits half of L1.
constexpr int64_t kCacheTileM = 72, kCacheTileN = 512, kCacheTileK = 256;

/// i1 vectors are stored bit-packed by LLVM, but dlc's i1 buffers hold one
/// byte per element.
bool touchesI1(linalg::LinalgOp op) {
  return llvm::any_of(op->getOperandTypes(), [](Type type) {
    return getElementTypeOrSelf(type).isInteger(1);
  });
}

bool isVectorizable(linalg::LinalgOp op) {
  return !touchesI1(op) && op.hasPureTensorSemantics() &&
         !op.hasIndexSemantics() && !op.hasDynamicShape() &&
         op.getNumLoops() > 0 && succeeded(linalg::vectorizeOpPrecondition(op));
}

/// Whether the op's reductions are its innermost loops, over at least one
/// vector of `lanes` and at most kMaxReductionVector elements.
bool fitsOneVectorPerOutput(linalg::LinalgOp op, int64_t lanes) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  int64_t reduced = 1;
  bool inReduction = false;
  for (auto [bound, iterator] :
       llvm::zip_equal(bounds, op.getIteratorTypesArray())) {
    if (iterator == utils::IteratorType::reduction) {
      inReduction = true;
      reduced *= bound;
    } else if (inReduction) {
      return false; // a parallel loop inside the reduction
    }
  }
  return reduced <= kMaxReductionVector && reduced >= lanes;
}

/// What the options and the target decide for every op of a function.
struct Choices {
  int64_t vectorBits, contractionVectorBits, registerTileM;
  int64_t cacheTileM, cacheTileN, cacheTileK;
};

struct DlcSelectLoweringPass
    : dlc::impl::DlcSelectLoweringPassBase<DlcSelectLoweringPass> {
  using DlcSelectLoweringPassBase::DlcSelectLoweringPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    // Without a target: AVX2's 256-bit vectors and 16 registers.
    int64_t fullRateBits = 256, registers = 16;
    if (auto module = func->getParentOfType<ModuleOp>())
      if (auto target =
              module->getAttrOfType<CPUTargetAttr>(dlc::kTargetAttrName)) {
        fullRateBits = target.getFullRateBits();
        registers = target.getVectorRegisters();
      }
    Choices choices;
    choices.vectorBits = vectorBits ? vectorBits : fullRateBits;
    choices.contractionVectorBits =
        contractionVectorBits ? contractionVectorBits : choices.vectorBits;
    // Two vectors of accumulators per row; as many rows as leave registers
    // for B's two vectors and A's broadcasts.
    choices.registerTileM =
        registerTileM ? registerTileM : (registers >= 32 ? 8 : 6);
    choices.cacheTileM = cacheTileM ? cacheTileM : kCacheTileM;
    choices.cacheTileN = cacheTileN ? cacheTileN : kCacheTileN;
    choices.cacheTileK = cacheTileK ? cacheTileK : kCacheTileK;

    auto rows = LoweringConfigAttr::getChecked([&] { return func.emitError(); },
                                               ctx, LoweringStrategy::Rows,
                                               choices.vectorBits, {}, {});
    if (!rows)
      return signalPassFailure();
    WalkResult walk = func.walk([&](linalg::LinalgOp op) {
      // A configuration already in the IR is pinned: kept as written.
      if (op->hasAttr(dlc::kLoweringConfigAttrName)) {
        LLVM_DEBUG(llvm::dbgs() << "pinned: " << *op << "\n");
        return WalkResult::advance();
      }
      LoweringConfigAttr config = select(op, choices, rows);
      if (!config)
        return WalkResult::interrupt();
      LLVM_DEBUG(llvm::dbgs() << op->getName() << " at " << op->getLoc() << ": "
                              << config << "\n");
      op->setAttr(dlc::kLoweringConfigAttrName, config);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    // A constant pad becomes a fill and a copy, lowered as rows.
    func.walk([&](tensor::PadOp pad) {
      if (pad->hasAttr(dlc::kLoweringConfigAttrName))
        return;
      bool bits = getElementTypeOrSelf(pad.getType()).isInteger(1);
      pad->setAttr(dlc::kLoweringConfigAttrName,
                   bits ? LoweringConfigAttr::get(ctx, LoweringStrategy::Loops,
                                                  choices.vectorBits, {}, {})
                        : rows);
    });
  }

  /// The configuration of one op; null (with an error) if the options make
  /// an invalid one.
  LoweringConfigAttr select(linalg::LinalgOp op, const Choices &choices,
                            LoweringConfigAttr rows) {
    MLIRContext *ctx = op.getContext();
    auto emitError = [&] { return op.emitOpError(); };
    auto config = [&](LoweringStrategy strategy, int64_t bits,
                      ArrayRef<int64_t> registerTile = {},
                      ArrayRef<int64_t> cacheTiles = {}) {
      return LoweringConfigAttr::getChecked(emitError, ctx, strategy, bits,
                                            registerTile, cacheTiles);
    };
    if (op->hasAttr(dlc::kDirectConvolutionAttrName)) {
      if (op.getNumLoops() != 6)
        return config(LoweringStrategy::Loops, choices.vectorBits);
      int64_t lanes = choices.vectorBits / 32;
      return config(LoweringStrategy::DirectConvolution, choices.vectorBits,
                    {choices.registerTileM, 2 * lanes});
    }
    if (!isVectorizable(op))
      return config(LoweringStrategy::Loops, choices.vectorBits);
    if (dlc::tiling::contractionDims(op)) {
      int64_t mr = choices.registerTileM;
      int64_t nr = 2 * (choices.contractionVectorBits / 32);
      int64_t mc = std::max<int64_t>(mr, choices.cacheTileM / mr * mr);
      int64_t nc = std::max<int64_t>(nr, choices.cacheTileN / nr * nr);
      return config(LoweringStrategy::Contraction,
                    choices.contractionVectorBits, {mr, nr},
                    {mc, nc, choices.cacheTileK});
    }
    if (op.getNumReductionLoops() == 0)
      return rows;
    if (fitsOneVectorPerOutput(op, choices.vectorBits / 32))
      return config(LoweringStrategy::InnerReduction, choices.vectorBits);
    return config(LoweringStrategy::Loops, choices.vectorBits);
  }
};
} // namespace
