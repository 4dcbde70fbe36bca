//===- KernelTiling.cpp - tiling by sizes, rows and reductions ------------===//

#include "KernelTiling.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"

using namespace mlir;
using namespace dlc::tiling;

namespace dlc::tiling {

std::optional<linalg::ContractionDimensions>
contractionDims(linalg::LinalgOp op) {
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
    return std::nullopt;
  return *dims;
}

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

/// Splits `op` along loop `dim` when tiles of `tileSize` along it would
/// leave a remainder tile wider than one vector of `vectorLanes` but not
/// whole vectors (56 = 32 + 24 at 16 lanes): vectorized at its own width,
/// such a tile becomes an odd-sized vector that LLVM assembles element by
/// element (inserts and extracts around every FMA, 5-10x slower kernels;
/// docs/results.md). The first part ends on a whole vector, so its
/// remainder is whole vectors; the second is narrower than one vector.
/// None when no split is needed or the dim is not static.
std::optional<std::pair<linalg::LinalgOp, linalg::LinalgOp>>
splitOddRemainder(RewriterBase &rewriter, linalg::LinalgOp op, unsigned dim,
                  int64_t tileSize, int64_t vectorLanes) {
  int64_t extent = op.getStaticLoopRanges()[dim];
  if (ShapedType::isDynamic(extent) || tileSize <= vectorLanes)
    return std::nullopt;
  int64_t remainder = extent % tileSize;
  if (remainder <= vectorLanes || remainder % vectorLanes == 0)
    return std::nullopt;
  rewriter.setInsertionPoint(op);
  auto [first, second] =
      linalg::splitOp(rewriter, cast<TilingInterface>(op.getOperation()), dim,
                      rewriter.getIndexAttr(extent - remainder % vectorLanes));
  if (!first || !second)
    return std::nullopt;
  return std::make_pair(cast<linalg::LinalgOp>(first.getOperation()),
                        cast<linalg::LinalgOp>(second.getOperation()));
}

/// Tiles `op` by `sizes` in loop order for vectorization and, if
/// `parallel`, marks the outermost loop with more than one iteration
/// parallel when the op is worth the thread pool.
LogicalResult tileInOrder(RewriterBase &rewriter, linalg::LinalgOp op,
                          ArrayRef<int64_t> sizes, bool parallel) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  SmallVector<int64_t> order = llvm::to_vector(
      llvm::seq<int64_t>(0, static_cast<int64_t>(bounds.size())));
  FailureOr<TiledOp> tiled = tile(rewriter, op, sizes, order);
  if (failed(tiled))
    return failure();
  tiled->op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
  if (!parallel || product(bounds) < kMinParallelElementwiseWork)
    return success();
  unsigned loop = 0; // tiled dims only have loops
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

/// Rows of the innermost dimension, a few vectors at a time.
LogicalResult tileRows(RewriterBase &rewriter, linalg::LinalgOp op,
                       bool parallel) {
  SmallVector<int64_t> sizes(op.getNumLoops(), 1);
  sizes.back() =
      clampTile(4 * configOf(op).getLanes(), op.getStaticLoopRanges().back());
  return tileInOrder(rewriter, op, sizes, parallel);
}

/// Reductions over the innermost loops (softmax, layer norm, pooling,
/// reduce ops): one output element per tile, the whole reduced extent in
/// one vector (reassociated into a tree when lowered). Fails if a
/// parallel loop is inside the reduction.
LogicalResult tileInnerReduction(RewriterBase &rewriter, linalg::LinalgOp op) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes(bounds.size(), 0);
  bool inReduction = false;
  for (unsigned d = 0; d < bounds.size(); ++d) {
    if (iterators[d] == utils::IteratorType::reduction) {
      inReduction = true;
      continue;
    }
    if (inReduction)
      return failure();
    sizes[d] = clampTile(1, bounds[d]);
  }
  return tileInOrder(rewriter, op, sizes);
}

} // namespace dlc::tiling
