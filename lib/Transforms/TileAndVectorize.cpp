//===- TileAndVectorize.cpp - cache/register tiling and vectorization -----===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace dlc {
#define GEN_PASS_DEF_DLCTILEANDVECTORIZEPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
/// Loops created here; peeled so that every tile has a static shape.
constexpr StringLiteral kPeelMarker = "dlc.peel";
/// Tiles to vectorize once their shapes are static.
constexpr StringLiteral kVectorizeMarker = "dlc.vectorize";
/// The loop that dlc-outline-parallel-loops runs on the thread pool.
constexpr StringLiteral kParallelMarker = "dlc.parallel";

/// Below this many multiply-adds (contractions) or elements (others), a
/// kernel is not worth waking the thread pool for.
constexpr int64_t kMinParallelContractionWork = 1 << 18;
constexpr int64_t kMinParallelElementwiseWork = 1 << 15;

int64_t product(ArrayRef<int64_t> values) {
  int64_t result = 1;
  for (int64_t v : values)
    result *= v;
  return result;
}

struct TiledOp {
  linalg::LinalgOp op;
  /// Outermost first.
  SmallVector<LoopLikeOpInterface> loops;
};

/// Tiles `op` by `sizes` (0 leaves a loop untiled), loops ordered by
/// `interchange`, and returns the tile.
FailureOr<TiledOp> tile(RewriterBase &rewriter, linalg::LinalgOp op,
                        ArrayRef<int64_t> sizes,
                        ArrayRef<int64_t> interchange) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(op.getContext(), sizes));
  options.setInterchange(interchange);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(result) || result->tiledOps.size() != 1)
    return failure();
  rewriter.replaceOp(op, result->replacements);
  for (LoopLikeOpInterface loop : result->loops)
    loop->setAttr(kPeelMarker, rewriter.getUnitAttr());
  return TiledOp{cast<linalg::LinalgOp>(result->tiledOps.front()),
                 result->loops};
}

/// A tile size that makes no loop when it covers the whole dimension.
int64_t clampTile(int64_t size, int64_t extent) {
  return size >= extent ? 0 : size;
}

class Tiler {
public:
  Tiler(const dlc::DlcTileAndVectorizePassOptions &options)
      : options(options), lanes(options.vectorBits / 32) {}

  /// BLIS loop order: Nc, Kc, Mc blocks, then nr, mr register tiles, then K
  /// one step at a time. Other dims (batch, outer m/n/k) are tiled by 1.
  LogicalResult tileContraction(RewriterBase &rewriter, linalg::LinalgOp op,
                                const linalg::ContractionDimensions &dims) {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    unsigned m = dims.m.back(), n = dims.n.back(), k = dims.k.back();
    int64_t mr = options.registerTileM, nr = 2 * lanes;
    int64_t mc = std::max<int64_t>(mr, options.cacheTileM / mr * mr);
    int64_t nc = std::max<int64_t>(nr, options.cacheTileN / nr * nr);

    SmallVector<int64_t> outer, blockSizes(bounds.size(), 1);
    for (unsigned d = 0; d < bounds.size(); ++d)
      if (d != m && d != n && d != k)
        outer.push_back(d);
    blockSizes[m] = clampTile(mc, bounds[m]);
    blockSizes[n] = clampTile(nc, bounds[n]);
    blockSizes[k] = clampTile(options.cacheTileK, bounds[k]);
    SmallVector<int64_t> order = outer;
    order.append({n, k, m});
    FailureOr<TiledOp> block = tile(rewriter, op, blockSizes, order);
    if (failed(block))
      return failure();

    SmallVector<int64_t> registerSizes(bounds.size(), 0);
    registerSizes[m] = mr;
    registerSizes[n] = nr;
    registerSizes[k] = 1;
    order = outer;
    order.append({n, m, k});
    FailureOr<TiledOp> registers =
        tile(rewriter, block->op, registerSizes, order);
    if (failed(registers))
      return failure();
    registers->op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
    // Threads split the nr-wide panels of B in each block; the A block is
    // shared from L2/L3.
    if (product(bounds) >= kMinParallelContractionWork &&
        !registers->loops.empty())
      registers->loops.front()->setAttr(kParallelMarker,
                                        rewriter.getUnitAttr());
    return success();
  }

  /// Rows of the innermost dimension, a few vectors at a time.
  LogicalResult tileParallel(RewriterBase &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    SmallVector<int64_t> sizes(bounds.size(), 1);
    sizes.back() = clampTile(4 * lanes, bounds.back());
    SmallVector<int64_t> order = llvm::to_vector(
        llvm::seq<int64_t>(0, static_cast<int64_t>(bounds.size())));
    FailureOr<TiledOp> tiled = tile(rewriter, op, sizes, order);
    if (failed(tiled))
      return failure();
    tiled->op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
    if (product(bounds) < kMinParallelElementwiseWork)
      return success();
    // The outermost loop with more than one iteration.
    unsigned loop = 0;
    for (unsigned d = 0; d < bounds.size(); ++d) {
      if (sizes[d] == 0)
        continue;
      if (bounds[d] > sizes[d]) {
        tiled->loops[loop]->setAttr(kParallelMarker, rewriter.getUnitAttr());
        break;
      }
      ++loop;
    }
    return success();
  }

private:
  const dlc::DlcTileAndVectorizePassOptions &options;
  int64_t lanes;
};

/// i1 vectors are stored bit-packed by LLVM, but dlc's i1 buffers hold one
/// byte per element.
bool touchesI1(linalg::LinalgOp op) {
  return llvm::any_of(op->getOperandTypes(), [](Type type) {
    return getElementTypeOrSelf(type).isInteger(1);
  });
}

bool isVectorizable(linalg::LinalgOp op) {
  return !touchesI1(op) && op.hasPureTensorSemantics() &&
         op.hasIndexSemantics() == false && !op.hasDynamicShape() &&
         op.getNumLoops() > 0 && succeeded(linalg::vectorizeOpPrecondition(op));
}

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
      // One iteration: nothing to split across threads.
      partial->removeAttr(kParallelMarker);
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

struct DlcTileAndVectorizePass
    : dlc::impl::DlcTileAndVectorizePassBase<DlcTileAndVectorizePass> {
  using DlcTileAndVectorizePassBase::DlcTileAndVectorizePassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    dlc::DlcTileAndVectorizePassOptions opts{
        vectorBits, registerTileM, cacheTileM, cacheTileN, cacheTileK};
    Tiler tiler(opts);

    SmallVector<linalg::LinalgOp> candidates;
    func.walk([&](linalg::LinalgOp op) {
      if (isVectorizable(op))
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates) {
      FailureOr<linalg::ContractionDimensions> dims =
          linalg::inferContractionDims(op);
      if (succeeded(dims) && !dims->m.empty() && !dims->n.empty() &&
          !dims->k.empty()) {
        (void)tiler.tileContraction(rewriter, op, *dims);
        continue;
      }
      if (op.getNumReductionLoops() == 0)
        (void)tiler.tileParallel(rewriter, op);
    }

    peelTileLoops(rewriter, func);
    RewritePatternSet cleanup(ctx);
    populateCanonicalizationPatterns(cleanup);
    scf::populateSCFForLoopCanonicalizationPatterns(cleanup);
    if (failed(applyPatternsGreedily(func, std::move(cleanup))))
      return signalPassFailure();

    SmallVector<linalg::LinalgOp> tiles;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kVectorizeMarker) && !op.hasDynamicShape())
        tiles.push_back(op);
    });
    for (linalg::LinalgOp op : tiles) {
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

    // Slices fold into transfers; the K loop's accumulator reads and writes
    // become loop-invariant and are hoisted, keeping the tile in registers.
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
