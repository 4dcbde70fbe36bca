//===- ContractionTiling.cpp - blocks, B panels, register tiles -----------===//

#include "KernelTiling.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/Debug.h"

#include <cstring>
#include <numeric>

#define DEBUG_TYPE "dlc-tile-and-vectorize"

using namespace mlir;
using namespace dlc::tiling;
using dlc::graph::LoweringConfigAttr;
using dlc::graph::LoweringStrategy;

namespace {
/// B rows whose byte stride is a multiple of this map onto few L1 sets: such
/// B blocks are packed into panels.
constexpr int64_t kConflictingRowBytes = 512;
/// L1 data cache geometry of the x86-64 cores the CPU target tunes for
/// (32 KiB, 8 ways of 64 sets, 64-byte lines).
constexpr int64_t kL1Sets = 64, kL1Ways = 8, kCacheLineBytes = 64;

/// The single m, n and k loop of a plain (unbatched) contraction block.
struct BlockDims {
  unsigned m, n, k;
};

std::optional<BlockDims> plainContractionDims(linalg::LinalgOp op) {
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || !dims->batch.empty() || op.getNumLoops() != 3)
    return std::nullopt;
  return BlockDims{dims->m[0], dims->n[0], dims->k[0]};
}

/// Positions of `map`'s results as loop dims.
SmallVector<unsigned> resultDims(AffineMap map) {
  SmallVector<unsigned> dims;
  for (AffineExpr expr : map.getResults())
    dims.push_back(cast<AffineDimExpr>(expr).getPosition());
  return dims;
}

/// Rows per block for `rows` rows split across threads by row blocks: with
/// few blocks, a size (a multiple of `mr` up to `mc`, at least 4 * mr) whose
/// number of full blocks divides evenly among 2, 3, 4 or 6 threads, if any.
int64_t balancedRowBlock(int64_t rows, int64_t mc, int64_t mr) {
  if (rows / mc >= 16)
    return mc;
  for (int64_t multiple : {12, 6, 4, 2})
    for (int64_t size = mc; size >= 4 * mr; size -= mr)
      if (rows / size >= multiple && (rows / size) % multiple == 0)
        return size;
  return mc;
}

/// The loop over `block`'s row blocks when it has more full iterations than
/// the block has full panels of `nr` columns, and those are few.
scf::ForOp rowBlocksToSplit(linalg::LinalgOp block, int64_t nr) {
  std::optional<BlockDims> dims = plainContractionDims(block);
  auto rows = dyn_cast<scf::ForOp>(block->getParentOp());
  if (!dims || !rows || !rows->hasAttr(kRowBlocksMarker))
    return nullptr;
  std::optional<APInt> tripCount = rows.getStaticTripCount();
  if (!tripCount)
    return nullptr;
  int64_t trips = tripCount->getSExtValue();
  int64_t panels = block.getStaticLoopRanges()[dims->n] / nr;
  if (panels >= 4 || trips <= panels || trips < 2)
    return nullptr;
  return rows;
}
} // namespace

namespace dlc::tiling {

/// Blocks a contraction (tileCacheBlocks). When its accumulator starts
/// from a fill or a broadcast bias and K fits one cache block, that
/// initializer is not a pass of its own over the result: it is fused into
/// the blocks and then into the register tiles (tileRegisters), so that a
/// register tile starts from it instead of reading a buffer written just
/// before. (With K over several blocks, splitting off the first block
/// measured no faster and compiled ResNet-50 25% slower.)
LogicalResult
ContractionTiler::tileContraction(RewriterBase &rewriter, linalg::LinalgOp op,
                                  const linalg::ContractionDimensions &dims) {
  if (op.getNumDpsInits() != 1 ||
      op.getStaticLoopRanges()[dims.k.back()] > configOf(op).getCacheTiles()[2])
    return success(succeeded(tileCacheBlocks(rewriter, op, dims)));
  linalg::LinalgOp initializer = accumulatorInitializer(rewriter, op);
  if (initializer)
    initializer->setAttr(kInitMarker, rewriter.getUnitAttr());
  FailureOr<TiledOp> blocks = tileCacheBlocks(rewriter, op, dims);
  if (initializer && succeeded(blocks))
    fuseAccumulatorInitializer(rewriter, *blocks, kInitMarker);
  return success(succeeded(blocks));
}

/// Cache blocks in BLIS order: Nc, Kc, then Mc. Other dims (batch, outer
/// m/n/k) are tiled by 1. The block is marked for formRegisterTiles.
FailureOr<TiledOp>
ContractionTiler::tileCacheBlocks(RewriterBase &rewriter, linalg::LinalgOp op,
                                  const linalg::ContractionDimensions &dims) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  unsigned m = dims.m.back(), n = dims.n.back(), k = dims.k.back();
  LoweringConfigAttr config = configOf(op);
  int64_t mr = config.getRegisterTile()[0], nr = config.getRegisterTile()[1];
  int64_t mc = config.getCacheTiles()[0], nc = config.getCacheTiles()[1];
  // Up to two blocks' worth of rows are one block: B's block is then
  // streamed from L2 once, not twice (a 128-token transformer GEMM).
  if (bounds[m] <= 2 * mc)
    mc = llvm::divideCeil(bounds[m], mr) * mr;
  // Threads will split the row blocks (rowBlocksToSplit): make them even.
  bool parallel = product(bounds) >= kMinParallelContractionWork;
  if (parallel && bounds[n] < 4 * nr)
    mc = balancedRowBlock(bounds[m], mc, mr);

  SmallVector<int64_t> order, blockSizes(bounds.size(), 1);
  for (unsigned d = 0; d < bounds.size(); ++d)
    if (d != m && d != n && d != k)
      order.push_back(d);
  blockSizes[m] = clampTile(mc, bounds[m]);
  blockSizes[n] = clampTile(nc, bounds[n]);
  blockSizes[k] = clampTile(config.getCacheTiles()[2], bounds[k]);
  order.append({n, k, m});
  LLVM_DEBUG(llvm::dbgs() << "cache blocks (m, n, k) = (" << blockSizes[m]
                          << ", " << blockSizes[n] << ", " << blockSizes[k]
                          << ") of " << op->getName() << " at " << op->getLoc()
                          << (parallel ? ", parallel" : "") << "\n");
  FailureOr<TiledOp> block = tile(rewriter, op, blockSizes, order);
  if (failed(block))
    return failure();
  if (blockSizes[m] != 0)
    block->loops.back()->setAttr(kRowBlocksMarker, rewriter.getUnitAttr());
  block->op->setAttr(kBlockMarker, rewriter.getBoolAttr(parallel));
  return block;
}

/// Copies a block's B into nr-wide column panels, [N/nr][K][nr], so that
/// register tiles stream contiguous memory whatever B's row stride (a
/// power-of-two stride maps a whole panel onto a few L1 sets). The copy
/// is returned for tiling; the block becomes a contraction over
/// (m, panel, lane, k) on the expanded C.
FailureOr<std::pair<linalg::LinalgOp, linalg::LinalgOp>>
ContractionTiler::packRhsPanels(RewriterBase &rewriter,
                                linalg::LinalgOp block) {
  std::optional<BlockDims> dims = plainContractionDims(block);
  if (!dims || block.getNumDpsInputs() != 2 || block.getNumDpsInits() != 1 ||
      block.hasDynamicShape() || !block.hasOnlyProjectedPermutations())
    return failure();
  SmallVector<int64_t> bounds = block.getStaticLoopRanges();
  LoweringConfigAttr config = configOf(block);
  int64_t mr = config.getRegisterTile()[0], nr = config.getRegisterTile()[1];
  int64_t m = bounds[dims->m], n = bounds[dims->n], k = bounds[dims->k];
  if (n % nr != 0)
    return failure();
  SmallVector<AffineMap> maps = block.getIndexingMapsArray();
  OpOperand *init = block.getDpsInitOperand(0);
  if (resultDims(maps[init->getOperandNumber()]) !=
      SmallVector<unsigned>{dims->m, dims->n})
    return failure();
  unsigned rhsIndex = 0;
  SmallVector<unsigned> rhsDims;
  for (OpOperand *input : block.getDpsInputOperands()) {
    SmallVector<unsigned> operandDims =
        resultDims(maps[input->getOperandNumber()]);
    if (llvm::is_contained(operandDims, dims->n)) {
      rhsIndex = input->getOperandNumber();
      rhsDims = operandDims;
    }
  }
  if (rhsDims.size() != 2)
    return failure();

  Location loc = block.getLoc();
  MLIRContext *ctx = block.getContext();
  rewriter.setInsertionPoint(block);
  Value rhs = block->getOperand(rhsIndex);
  Type element = getElementTypeOrSelf(rhs.getType());
  int64_t panels = n / nr;
  bool lanesInner = rhsDims[1] == dims->n; // B is (k, n), else (n, k)
  // A constant B (weights) is packed once, at compile time: the block
  // reads a slice of the packed constant.
  Value packedSlice;
  if (lanesInner)
    packedSlice = sliceOfPackedConstant(rewriter, rhs, panels, k, nr);
  // Otherwise packing reads B once per block; it pays off when several
  // register rows reuse each panel.
  if (!packedSlice && m < 4 * mr)
    return failure();
  // Rows of B 512 bytes apart (8 cache lines, or a multiple) fall into at
  // most 8 of L1's 64 sets; other strides spread a panel over 16 sets or
  // more, where reading B in place measured faster than copying it
  // (ResNet-50 and MobileNetV2 -3%).
  if (lanesInner && !packedSlice) {
    auto rows = cast<RankedTensorType>(rhs.getType());
    if (auto slice = rhs.getDefiningOp<tensor::ExtractSliceOp>())
      rows = slice.getSourceType();
    int64_t rowBytes =
        rows.getShape().back() * element.getIntOrFloatBitWidth() / 8;
    if (rowBytes % kConflictingRowBytes != 0)
      return failure();
    // A panel's k lines spread over the sets its row stride reaches; when
    // half of their ways hold them (MobileNetV2's 16-deep 112x112
    // expansions), reading B in place is conflict-free.
    int64_t setsReached =
        kL1Sets / std::gcd(rowBytes / kCacheLineBytes, kL1Sets);
    if (k <= setsReached * kL1Ways / 2)
      return failure();
  }
  SmallVector<int64_t> expandedShape =
      lanesInner ? SmallVector<int64_t>{k, panels, nr}
                 : SmallVector<int64_t>{panels, nr, k};
  SmallVector<ReassociationIndices> expandMap =
      lanesInner ? SmallVector<ReassociationIndices>{{0}, {1, 2}}
                 : SmallVector<ReassociationIndices>{{0, 1}, {2}};
  SmallVector<int64_t> permutation = lanesInner ? SmallVector<int64_t>{1, 0, 2}
                                                : SmallVector<int64_t>{0, 2, 1};
  linalg::LinalgOp copy;
  if (!packedSlice) {
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(expandedShape, element), rhs,
        expandMap);
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{panels, k, nr}, element);
    copy = linalg::TransposeOp::create(rewriter, loc, expanded, empty,
                                       permutation);
    // Rows of the contraction's vectors.
    copy->setAttr(dlc::kLoweringConfigAttrName,
                  LoweringConfigAttr::get(ctx, LoweringStrategy::Rows,
                                          config.getVectorBits(), {}, {}));
    packedSlice = copy->getResult(0);
  }

  Value acc = init->get();
  auto accType = cast<RankedTensorType>(acc.getType());
  auto expandedAccType =
      RankedTensorType::get({m, panels, nr}, accType.getElementType());
  Value expandedAcc = tensor::ExpandShapeOp::create(
      rewriter, loc, expandedAccType, acc,
      SmallVector<ReassociationIndices>{{0}, {1, 2}});

  // Loops (m, panel, lane, k) = (d0, d1, d2, d3).
  auto dim = [&](unsigned d) { return getAffineDimExpr(d, ctx); };
  auto renumber = [&](unsigned loop) {
    return loop == dims->m ? dim(0) : loop == dims->k ? dim(3) : dim(2);
  };
  SmallVector<AffineMap> newMaps;
  SmallVector<Value> inputs;
  for (OpOperand *input : block.getDpsInputOperands()) {
    unsigned index = input->getOperandNumber();
    if (index == rhsIndex) {
      inputs.push_back(packedSlice);
      newMaps.push_back(AffineMap::get(4, 0, {dim(1), dim(3), dim(2)}, ctx));
      continue;
    }
    SmallVector<AffineExpr> exprs;
    for (unsigned loop : resultDims(maps[index]))
      exprs.push_back(renumber(loop));
    inputs.push_back(input->get());
    newMaps.push_back(AffineMap::get(4, 0, exprs, ctx));
  }
  newMaps.push_back(AffineMap::get(4, 0, {dim(0), dim(1), dim(2)}, ctx));
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto packed = linalg::GenericOp::create(
      rewriter, loc, TypeRange{expandedAccType}, inputs,
      ValueRange{expandedAcc}, newMaps, iterators);
  rewriter.cloneRegionBefore(block->getRegion(0), packed.getRegion(),
                             packed.getRegion().end());
  packed->setAttr(dlc::kLoweringConfigAttrName, config);
  Value result = tensor::CollapseShapeOp::create(
      rewriter, loc, accType, packed.getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1, 2}});
  rewriter.replaceOp(block, result);
  return std::make_pair(cast<linalg::LinalgOp>(packed.getOperation()), copy);
}

/// The [panels][k][nr] slice of the compile-time packing of `rhs`, a
/// (k, n) block of a constant B, or null if B is not a constant. The
/// packed constant [N/nr][K][nr] is made once per constant, next to it.
Value ContractionTiler::sliceOfPackedConstant(RewriterBase &rewriter, Value rhs,
                                              int64_t panels, int64_t k,
                                              int64_t nr) {
  auto slice = rhs.getDefiningOp<tensor::ExtractSliceOp>();
  Value whole = slice ? slice.getSource() : rhs;
  auto constant = whole.getDefiningOp<arith::ConstantOp>();
  auto dense =
      constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
  auto type = cast<RankedTensorType>(whole.getType());
  Type element = type.getElementType();
  if (!dense || type.getRank() != 2 || type.getDimSize(1) % nr != 0 ||
      !element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return nullptr;
  if (slice && !slice.hasUnitStride())
    return nullptr;

  Value &packed = packedConstants[{constant, nr}];
  if (!packed) {
    int64_t rows = type.getDimSize(0), columns = type.getDimSize(1);
    auto packedType = RankedTensorType::get({columns / nr, rows, nr}, element);
    DenseElementsAttr packedValue;
    if (dense.isSplat()) {
      packedValue = dense.resizeSplat(packedType);
    } else {
      int64_t bytes = element.getIntOrFloatBitWidth() / 8;
      ArrayRef<char> source = dense.getRawData();
      std::vector<char> data(source.size());
      for (int64_t panel = 0; panel < columns / nr; ++panel)
        for (int64_t row = 0; row < rows; ++row)
          std::memcpy(&data[((panel * rows + row) * nr) * bytes],
                      &source[(row * columns + panel * nr) * bytes],
                      nr * bytes);
      packedValue = DenseElementsAttr::getFromRawBuffer(packedType, data);
    }
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointAfter(constant);
    packed =
        arith::ConstantOp::create(rewriter, constant.getLoc(), packedValue);
  }
  // The block's (k0, n0) offset is (panel n0 / nr, row k0).
  Location loc = rhs.getLoc();
  OpFoldResult rowOffset = rewriter.getIndexAttr(0);
  OpFoldResult panelOffset = rewriter.getIndexAttr(0);
  if (slice) {
    rowOffset = slice.getMixedOffsets()[0];
    AffineExpr d0 = rewriter.getAffineDimExpr(0);
    panelOffset = affine::makeComposedFoldedAffineApply(
        rewriter, loc, d0.floorDiv(nr), {slice.getMixedOffsets()[1]});
  }
  SmallVector<OpFoldResult> offsets = {panelOffset, rowOffset,
                                       rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(panels),
                                     rewriter.getIndexAttr(k),
                                     rewriter.getIndexAttr(nr)};
  SmallVector<OpFoldResult> strides(3, rewriter.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(rewriter, loc, packed, offsets, sizes,
                                        strides);
}

/// An (mr x nr) register tile walking K one step at a time, in loops
/// (outer dims..., n, m, k); the outermost is marked parallel if asked.
LogicalResult ContractionTiler::tileRegisters(RewriterBase &rewriter,
                                              linalg::LinalgOp op,
                                              bool parallel) {
  std::optional<linalg::ContractionDimensions> dims = contractionDims(op);
  if (!dims)
    return failure();
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  unsigned m = dims->m.back(), n = dims->n.back(), k = dims->k.back();
  LoweringConfigAttr config = configOf(op);
  int64_t mr = config.getRegisterTile()[0], nr = config.getRegisterTile()[1];
  if (auto parts = splitOddRemainder(rewriter, op, n, nr, config.getLanes())) {
    LogicalResult first = tileRegisters(rewriter, parts->first, parallel);
    LogicalResult second = tileRegisters(rewriter, parts->second, parallel);
    return success(succeeded(first) && succeeded(second));
  }
  SmallVector<int64_t> sizes(bounds.size(), 0), order;
  for (unsigned d = 0; d < bounds.size(); ++d) {
    if (d == m || d == n || d == k)
      continue;
    sizes[d] = clampTile(1, bounds[d]);
    order.push_back(d);
  }
  sizes[m] = mr;
  sizes[n] = nr;
  order.append({n, m, k});
  // Tiles of the parallel dims first: a marked accumulator initializer is
  // fused there, outside the K loop, so that each tile starts from it.
  Operation *initializer = op.getDpsInitOperand(0)->get().getDefiningOp();
  bool fuseInitializer = initializer && initializer->hasAttr(kInitMarker);
  FailureOr<TiledOp> tiles = tile(rewriter, op, sizes, order);
  if (failed(tiles))
    return failure();
  if (fuseInitializer)
    fuseAccumulatorInitializer(rewriter, *tiles, kVectorizeMarker);
  SmallVector<int64_t> kSizes(bounds.size(), 0);
  kSizes[k] = 1;
  FailureOr<TiledOp> registers =
      tile(rewriter, tiles->op, kSizes,
           llvm::to_vector(llvm::seq<int64_t>(0, int64_t(bounds.size()))));
  if (failed(registers))
    return failure();
  registers->op->setAttr(kVectorizeMarker, rewriter.getUnitAttr());
  // Threads split B's panels in each block; the A block is shared.
  if (parallel && !tiles->loops.empty())
    tiles->loops.front()->setAttr(kParallelMarker, rewriter.getUnitAttr());
  return success();
}

void ContractionTiler::tileRegisterTiles(RewriterBase &rewriter,
                                         func::FuncOp func) {
  SmallVector<linalg::LinalgOp> blocks;
  func.walk([&](linalg::LinalgOp op) {
    if (op->hasAttr(kBlockMarker))
      blocks.push_back(op);
  });
  for (linalg::LinalgOp block : blocks) {
    bool parallel = cast<BoolAttr>(block->getAttr(kBlockMarker)).getValue();
    block->removeAttr(kBlockMarker);
    // Threads split the block's panels, unless it has so few that the
    // row blocks split better (a 7x7 convolution's 49 columns are three
    // panels: two threads would get two and one).
    if (parallel)
      if (scf::ForOp rows =
              rowBlocksToSplit(block, configOf(block).getRegisterTile()[1])) {
        rows->setAttr(kParallelMarker, rewriter.getUnitAttr());
        parallel = false;
      }
    linalg::LinalgOp registers = block;
    if (auto packed = packRhsPanels(rewriter, block); succeeded(packed)) {
      registers = packed->first;
      if (packed->second)
        (void)tileRows(rewriter, packed->second);
      rebuildInitializerThroughReshape(rewriter, registers);
    }
    (void)tileRegisters(rewriter, registers, parallel);
  }
  func.walk([](scf::ForOp loop) { loop->removeAttr(kRowBlocksMarker); });
}

} // namespace dlc::tiling
