//===- TileAndVectorize.cpp - cache/register tiling, vectorization --------===//

#include "KernelTiling.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "dlc-tile-and-vectorize"

namespace dlc {
#define GEN_PASS_DEF_DLCTILEANDVECTORIZEPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc::tiling;
using dlc::graph::LoweringConfigAttr;
using dlc::graph::LoweringStrategy;

namespace {
constexpr StringLiteral kDirectConvolutionMarker =
    dlc::kDirectConvolutionAttrName;

/// Peels every marked loop until all tiles have static shapes.
void peelTileLoops(RewriterBase &rewriter, Operation *root) {
  while (true) {
    scf::ForOp marked;
    root->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (!loop->hasAttr(kPeelMarker))
        return WalkResult::advance();
      marked = loop;
      return WalkResult::interrupt();
    });
    if (!marked)
      return;
    marked->removeAttr(kPeelMarker);
    scf::ForOp partial;
    if (succeeded(
            scf::peelForLoopAndSimplifyBounds(rewriter, marked, partial))) {
      partial->removeAttr(kPeelMarker);
      // One iteration: nothing to split across threads. The tile loop
      // inside it is split instead (the row tiles of a GEMM's last,
      // narrower column panel), so that one thread does not run it while
      // the others wait; not the innermost (K) loop of a register tile.
      if (partial->removeAttr(kParallelMarker))
        for (auto inner : partial.getBody()->getOps<scf::ForOp>()) {
          std::optional<APInt> trips = inner.getStaticTripCount();
          bool hasInnerLoop = !inner.getBody()->getOps<scf::ForOp>().empty();
          if (inner->hasAttr(kPeelMarker) && hasInnerLoop && trips &&
              trips->ugt(1))
            inner->setAttr(kParallelMarker, rewriter.getUnitAttr());
          break;
        }
    }
  }
}

/// Everything the canonicalizer would apply.
void populateCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

/// The vectorizer keeps operand shapes (6x1 * 1x16, which lower to outer
/// products) only for named contractions; a generic one is broadcast to the
/// whole iteration space and lowers to shuffles. Register tiles are made
/// named: a packed block's tile first drops its unit panel dim (unit
/// reduction dims stay: they make the contraction), then generic
/// contractions become linalg.matmul and friends.
linalg::LinalgOp namedRegisterTile(RewriterBase &rewriter,
                                   linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic)
    return op;
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  // The innermost m and n stay even when unit (a matrix-vector product, a
  // one-row remainder tile): without them the tile is no longer a matmul and
  // vectorizes into one scalar multiply-add per lane.
  FailureOr<linalg::ContractionDimensions> tileDims =
      linalg::inferContractionDims(op);
  auto isTileDim = [&](unsigned d) {
    return succeeded(tileDims) && !tileDims->m.empty() &&
           !tileDims->n.empty() &&
           (d == tileDims->m.back() || d == tileDims->n.back());
  };
  SmallVector<unsigned> unitDims; // to drop
  for (auto [d, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (bounds[d] == 1 && iterator == utils::IteratorType::parallel &&
        !isTileDim(d))
      unitDims.push_back(d);
  if (op->hasAttr(kDirectConvolutionMarker)) {
    op->removeAttr(kDirectConvolutionMarker);
    if (!prepareDirectConvolutionTile(rewriter, op))
      return op;
    unitDims = {1, 4, 5};
  }
  if (!unitDims.empty() && unitDims.size() != bounds.size()) {
    linalg::ControlDropUnitDims control;
    control.rankReductionStrategy =
        linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
    control.controlFn = [&](Operation *) { return unitDims; };
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::DropUnitDimsResult> result =
        linalg::dropUnitDims(rewriter, generic, control);
    if (succeeded(result)) {
      rewriter.replaceOp(op, result->replacements);
      op = cast<linalg::LinalgOp>(result->resultOp.getOperation());
      op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
      generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic)
        return op;
    }
  }
  // Only plain (m, k) x (k, n) tiles: with transposed maps, the named
  // contraction path of the vectorizer gives wrong results in MLIR 22.
  MLIRContext *ctx = op.getContext();
  auto dims = [&](unsigned a, unsigned b) {
    return AffineMap::get(
        3, 0, {getAffineDimExpr(a, ctx), getAffineDimExpr(b, ctx)}, ctx);
  };
  SmallVector<AffineMap> plainMatmul = {dims(0, 2), dims(2, 1), dims(0, 1)};
  if (!linalg::isaContractionOpInterface(op) ||
      op.getIndexingMapsArray() != plainMatmul)
    return op;
  rewriter.setInsertionPoint(generic);
  FailureOr<linalg::LinalgOp> named =
      linalg::specializeGenericOp(rewriter, generic);
  if (failed(named))
    return op;
  (*named)->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
  return *named;
}

/// Peels the loops tiling made and folds the now-constant tile sizes.
LogicalResult peelAndSimplify(RewriterBase &rewriter, func::FuncOp func) {
  peelTileLoops(rewriter, func);
  RewritePatternSet cleanup(func.getContext());
  populateCanonicalizationPatterns(cleanup);
  scf::populateSCFForLoopCanonicalizationPatterns(cleanup);
  return applyPatternsGreedily(func, std::move(cleanup));
}

struct DlcTileAndVectorizePass
    : dlc::impl::DlcTileAndVectorizePassBase<DlcTileAndVectorizePass> {
  using DlcTileAndVectorizePassBase::DlcTileAndVectorizePassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    ContractionTiler contractionTiler;

    duplicateSharedFills(rewriter, func);
    decomposeConstantPads(rewriter, func);
    sinkAccumulatorInitializers(func);
    // Every op is lowered as its configuration says; one without is an
    // error (a silently scalar loop nest would be a silently slow kernel).
    SmallVector<linalg::LinalgOp> directConvolutions, contractions;
    WalkResult configured = func.walk([&](linalg::LinalgOp op) {
      LoweringConfigAttr config = configOf(op);
      if (!config) {
        op.emitOpError("has no lowering configuration (")
            << dlc::kLoweringConfigAttrName
            << "); dlc-select-lowering sets one on every linalg op";
        return WalkResult::interrupt();
      }
      LLVM_DEBUG(llvm::dbgs()
                 << "applying " << config << " to " << op->getName() << " at "
                 << op->getLoc() << "\n");
      switch (config.getStrategy()) {
      case LoweringStrategy::DirectConvolution:
        directConvolutions.push_back(op);
        break;
      case LoweringStrategy::Contraction:
        contractions.push_back(op);
        break;
      case LoweringStrategy::Rows:
      case LoweringStrategy::InnerReduction:
      case LoweringStrategy::Loops:
        break;
      }
      return WalkResult::advance();
    });
    if (configured.wasInterrupted())
      return signalPassFailure();
    auto misfit = [](linalg::LinalgOp op) {
      op.emitOpError("does not fit its lowering configuration ")
          << configOf(op);
    };
    // Contractions first: they may take their accumulators' initializers
    // into their tiles.
    for (linalg::LinalgOp op : directConvolutions) {
      if (failed(tileDirectConvolution(rewriter, op))) {
        misfit(op);
        return signalPassFailure();
      }
    }
    for (linalg::LinalgOp op : contractions) {
      std::optional<linalg::ContractionDimensions> dims = contractionDims(op);
      if (!dims) {
        misfit(op);
        return signalPassFailure();
      }
      (void)contractionTiler.tileContraction(rewriter, op, *dims);
    }
    // The rest, but for the contractions' blocks and tiles, and the
    // initializers they took.
    SmallVector<linalg::LinalgOp> others;
    func.walk([&](linalg::LinalgOp op) {
      LoweringConfigAttr config = configOf(op);
      if (!config)
        return;
      LoweringStrategy strategy = config.getStrategy();
      if ((strategy == LoweringStrategy::Rows ||
           strategy == LoweringStrategy::InnerReduction) &&
          !op->hasAttr(kBlockMarker) && !op->hasAttr(kVectorizeMarker) &&
          !op->hasAttr(kInitMarker))
        others.push_back(op);
    });
    for (linalg::LinalgOp op : others) {
      if (configOf(op).getStrategy() == LoweringStrategy::Rows) {
        (void)tileRows(rewriter, op);
      } else if (failed(tileInnerReduction(rewriter, op))) {
        misfit(op);
        return signalPassFailure();
      }
    }
    // Blocks get static shapes before their B panels are packed.
    if (failed(peelAndSimplify(rewriter, func)))
      return signalPassFailure();
    contractionTiler.tileRegisterTiles(rewriter, func);
    // The panel copies depend on the N and K blocks only: out of the M loop.
    func.walk([&](LoopLikeOpInterface loop) { moveLoopInvariantCode(loop); });
    if (failed(peelAndSimplify(rewriter, func)))
      return signalPassFailure();
    // Initializers that could not be fused are vectorized where they are.
    SmallVector<linalg::LinalgOp> initializers;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kInitMarker))
        initializers.push_back(op);
    });
    for (linalg::LinalgOp op : initializers) {
      op->removeAttr(kInitMarker);
      if (!configOf(op))
        continue;
      (void)tileRows(rewriter, op, /*parallel=*/false);
    }
    if (!initializers.empty() && failed(peelAndSimplify(rewriter, func)))
      return signalPassFailure();

    SmallVector<linalg::LinalgOp> tiles;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kVectorizeMarker) && !op.hasDynamicShape())
        tiles.push_back(op);
    });
    for (linalg::LinalgOp op : tiles) {
      op = namedRegisterTile(rewriter, op);
      rewriter.setInsertionPoint(op);
      // Contractions keep their operand shapes (6x1 * 1x16), which lower to
      // outer products, instead of being broadcast to the iteration space.
      FailureOr<linalg::VectorizationResult> result = linalg::vectorize(
          rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
          /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
          /*assumeDynamicDimsMatchVecSizes=*/false,
          /*createNamedContraction=*/linalg::isaContractionOpInterface(op));
      if (failed(result)) {
        op->removeAttr(kVectorizeMarker);
        continue;
      }
      rewriter.replaceOp(op, result->replacements);
    }

    // The K loop's accumulator slice, then its vector, become loop-invariant
    // and are hoisted, keeping the tile in registers; other slices fold into
    // the transfers.
    func.walk([&](LoopLikeOpInterface loop) {
      hoistLoopInvariantSubsets(rewriter, loop);
    });
    RewritePatternSet folding(ctx);
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(folding);
    vector::populateVectorReductionToContractPatterns(folding);
    populateCanonicalizationPatterns(folding);
    if (failed(applyPatternsGreedily(func, std::move(folding))))
      return signalPassFailure();
    func.walk([&](LoopLikeOpInterface loop) {
      hoistLoopInvariantSubsets(rewriter, loop);
    });
  }
};
} // namespace
