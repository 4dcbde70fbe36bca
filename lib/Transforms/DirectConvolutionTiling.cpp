//===- DirectConvolutionTiling.cpp - convolutions without im2col ----------===//

#include "KernelTiling.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace dlc::tiling;
using dlc::graph::LoweringConfigAttr;

namespace dlc::tiling {

/// A direct convolution over loops (f, oh, ow, c, kh, kw): register tiles
/// of mr output channels x nr output columns of one row, accumulating
/// over (c, kh, kw) in registers, reading the input rows in place.
LogicalResult tileDirectConvolution(RewriterBase &rewriter,
                                    linalg::LinalgOp op) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  if (bounds.size() != 6)
    return failure();
  LoweringConfigAttr config = configOf(op);
  int64_t mr = config.getRegisterTile()[0], nr = config.getRegisterTile()[1];
  if (auto parts = splitOddRemainder(rewriter, op, 2, nr, config.getLanes())) {
    for (linalg::LinalgOp part : {parts->first, parts->second})
      part->setAttr(dlc::kDirectConvolutionAttrName, rewriter.getUnitAttr());
    LogicalResult first = tileDirectConvolution(rewriter, parts->first);
    LogicalResult second = tileDirectConvolution(rewriter, parts->second);
    return success(succeeded(first) && succeeded(second));
  }
  // Rows, then column tiles, then channel tiles: a row's input window
  // (C x KH rows) stays in L1 for all channel tiles.
  SmallVector<int64_t> sizes = {
      clampTile(mr, bounds[0]), 1, clampTile(nr, bounds[2]), 0, 0, 0};
  // The bias broadcast is fused into the tiles: a tile's accumulator
  // starts from it (all of K is inside the tile).
  linalg::LinalgOp initializer = accumulatorInitializer(rewriter, op);
  FailureOr<TiledOp> tiles = tile(rewriter, op, sizes, {1, 2, 0});
  if (failed(tiles))
    return failure();
  if (initializer)
    fuseAccumulatorInitializer(rewriter, *tiles, kVectorizeMarker);
  FailureOr<TiledOp> registers =
      tile(rewriter, tiles->op, {0, 0, 0, 1, 1, 1}, {0, 1, 2, 3, 4, 5});
  if (failed(registers))
    return failure();
  registers->op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
  registers->op->setAttr(dlc::kDirectConvolutionAttrName,
                         rewriter.getUnitAttr());
  if (product(bounds) >= kMinParallelContractionWork && !tiles->loops.empty())
    tiles->loops.front()->setAttr(kParallelMarker, rewriter.getUnitAttr());
  return success();
}

/// A direct convolution's register tile (f, oh, ow, c, kh, kw) = (mr, 1,
/// nr, 1, 1, 1) becomes the matmul tile (f, ow, c) once oh, kh and kw are
/// dropped: the window offsets are already in its operand slices. A column
/// stride s is moved into the input slice (every s-th column of the row's
/// span, read with unit steps). False if the tile is not of that shape.
bool prepareDirectConvolutionTile(RewriterBase &rewriter, linalg::LinalgOp op) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  if (bounds.size() != 6 || bounds[1] != 1 || bounds[3] != 1 ||
      bounds[4] != 1 || bounds[5] != 1)
    return false;
  MLIRContext *ctx = op.getContext();
  OpOperand *image = op.getDpsInputOperand(1);
  // The column index's coefficient of ow: the stride.
  SmallVector<AffineExpr> owOnly(6, getAffineConstantExpr(0, ctx));
  owOnly[2] = getAffineConstantExpr(1, ctx);
  auto stride = dyn_cast<AffineConstantExpr>(
      op.getMatchingIndexingMap(image).getResult(2).replaceDims(owOnly));
  if (!stride || stride.getValue() <= 1)
    return true;
  auto type = cast<RankedTensorType>(image->get().getType());
  rewriter.setInsertionPoint(op);
  Value strided = tensor::ExtractSliceOp::create(
      rewriter, op.getLoc(), image->get(),
      getAsIndexOpFoldResult(ctx, {0, 0, 0}),
      getAsIndexOpFoldResult(
          ctx, {type.getDimSize(0), type.getDimSize(1), bounds[2]}),
      getAsIndexOpFoldResult(ctx, {1, 1, stride.getValue()}));
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  maps[1] = AffineMap::get(6, 0, {d(3), d(1) + d(4), d(2) + d(5)}, ctx);
  rewriter.modifyOpInPlace(op, [&] {
    image->set(strided);
    op->setAttr("indexing_maps", rewriter.getAffineMapArrayAttr(maps));
  });
  return true;
}

} // namespace dlc::tiling
