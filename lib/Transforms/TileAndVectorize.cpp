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

#include <numeric>

namespace dlc {
#define GEN_PASS_DEF_DLCTILEANDVECTORIZEPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using dlc::graph::LoweringConfigAttr;
using dlc::graph::LoweringStrategy;

namespace {
/// Loops created here; peeled so that every tile has a static shape.
constexpr StringLiteral kPeelMarker = "dlc.peel";
/// Tiles to vectorize once their shapes are static.
constexpr StringLiteral kVectorizeMarker = "dlc.vectorize";
/// The loop that dlc-outline-parallel-loops runs on the thread pool.
constexpr StringLiteral kParallelMarker = "dlc.parallel";
/// A contraction's accumulator initializer (a fill or broadcast bias) that
/// is to be computed per register tile.
constexpr StringLiteral kInitMarker = "dlc.accumulator_init";
constexpr StringLiteral kDirectConvolutionMarker =
    dlc::kDirectConvolutionAttrName;

/// Below this many multiply-adds (contractions) or elements (others), a
/// kernel is not worth waking the thread pool for (measured on MobileNetV2's
/// 7x7 and 14x14 layers: 4x lower than this made 2 threads 3-4% faster, 16x
/// lower no better).
constexpr int64_t kMinParallelContractionWork = 1 << 16;
constexpr int64_t kMinParallelElementwiseWork = 1 << 13;

/// The configuration dlc-select-lowering chose for `op`, or null.
LoweringConfigAttr configOf(Operation *op) {
  return op->getAttrOfType<LoweringConfigAttr>(dlc::kLoweringConfigAttrName);
}

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

/// B rows whose byte stride is a multiple of this map onto few L1 sets: such
/// B blocks are packed into panels.
constexpr int64_t kConflictingRowBytes = 512;
/// L1 data cache geometry of the x86-64 cores the CPU target tunes for
/// (32 KiB, 8 ways of 64 sets, 64-byte lines).
constexpr int64_t kL1Sets = 64, kL1Ways = 8, kCacheLineBytes = 64;

/// Marks a contraction's cache block until its register tiles are formed.
constexpr StringLiteral kBlockMarker = "dlc.block";
/// Marks the loop over a contraction's Mc row blocks.
constexpr StringLiteral kRowBlocksMarker = "dlc.row_blocks";

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

/// The op computing `init` when it only initializes an accumulator: a fill,
/// or an elementwise op broadcasting smaller operands (a bias), used by
/// nothing else.
linalg::LinalgOp initializerOf(Value init) {
  auto producer = init.getDefiningOp<linalg::LinalgOp>();
  if (!producer || !init.hasOneUse() || producer->getNumResults() != 1 ||
      producer.getNumReductionLoops() != 0 ||
      !producer.hasPureTensorSemantics() ||
      producer.payloadUsesValueFromOperand(producer.getDpsInitOperand(0)) ||
      !producer.getMatchingIndexingMap(producer.getDpsInitOperand(0))
           .isIdentity())
    return nullptr;
  if (isa<linalg::FillOp>(producer))
    return producer;
  auto generic = dyn_cast<linalg::GenericOp>(producer.getOperation());
  if (!generic || generic.hasIndexSemantics())
    return nullptr;
  for (OpOperand *input : producer.getDpsInputOperands()) {
    AffineMap map = producer.getMatchingIndexingMap(input);
    if (!map.isProjectedPermutation() ||
        map.getNumResults() >= producer.getNumLoops())
      return nullptr;
  }
  return producer;
}

/// Rebuilds initializer `init` (see initializerOf) into destination `dest`,
/// over whose dims the old loop dim d is `newDimOf(d)` (none: give up), all
/// other new dims being broadcast ones. Returns the new op or null.
linalg::LinalgOp rebuildInitializer(
    RewriterBase &rewriter, linalg::LinalgOp init, Value dest,
    llvm::function_ref<std::optional<unsigned>(unsigned)> newDimOf) {
  auto type = cast<RankedTensorType>(dest.getType());
  Location loc = init.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<AffineMap> maps;
  for (OpOperand *input : init.getDpsInputOperands()) {
    SmallVector<AffineExpr> exprs;
    for (AffineExpr expr : init.getMatchingIndexingMap(input).getResults()) {
      std::optional<unsigned> dim =
          newDimOf(cast<AffineDimExpr>(expr).getPosition());
      if (!dim)
        return nullptr;
      exprs.push_back(getAffineDimExpr(*dim, ctx));
    }
    maps.push_back(AffineMap::get(type.getRank(), 0, exprs, ctx));
  }
  Operation *rebuilt = nullptr;
  if (auto fill = dyn_cast<linalg::FillOp>(init.getOperation())) {
    rebuilt = linalg::FillOp::create(rewriter, loc, fill.value(), dest);
  } else {
    maps.push_back(AffineMap::getMultiDimIdentityMap(type.getRank(), ctx));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, init.getDpsInputs(), ValueRange{dest},
        maps,
        SmallVector<utils::IteratorType>(type.getRank(),
                                         utils::IteratorType::parallel));
    rewriter.cloneRegionBefore(init->getRegion(0), generic.getRegion(),
                               generic.getRegion().end());
    rebuilt = generic;
  }
  rebuilt->setAttr(kInitMarker, rewriter.getUnitAttr());
  if (Attribute config = init->getAttr(dlc::kLoweringConfigAttrName))
    rebuilt->setAttr(dlc::kLoweringConfigAttrName, config);
  return cast<linalg::LinalgOp>(rebuilt);
}

/// An initializer reaching `op`'s accumulator through a reshape (a
/// convolution's result viewed as a matrix, a packed block's C viewed as
/// panels) is rebuilt in the reshaped type, when each dim its operands read
/// is the one non-unit dim of its reassociation group.
void rebuildInitializerThroughReshape(RewriterBase &rewriter,
                                      linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1)
    return;
  OpOperand *initOperand = op.getDpsInitOperand(0);
  Operation *reshape = initOperand->get().getDefiningOp();
  if (!reshape ||
      !isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(reshape) ||
      !reshape->getResult(0).hasOneUse() || !reshape->getOperand(0).hasOneUse())
    return;
  auto init = reshape->getOperand(0).getDefiningOp<linalg::LinalgOp>();
  if (!init || !init->hasAttr(kInitMarker))
    return;
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(reshape);
  auto expand = dyn_cast<tensor::ExpandShapeOp>(reshape);
  SmallVector<ReassociationIndices> groups =
      collapse ? collapse.getReassociationIndices()
               : expand.getReassociationIndices();
  ArrayRef<int64_t> large = collapse ? collapse.getSrcType().getShape()
                                     : expand.getResultType().getShape();
  // A group's dim of the large shape stands for the whole group when the
  // group's other dims are 1.
  auto soleDim = [&](const ReassociationIndices &group, int64_t dim) {
    return llvm::all_of(group,
                        [&](int64_t d) { return d == dim || large[d] == 1; });
  };
  // The destination is reshaped like the value (it may be a slice of the
  // contraction's result, which must stay the buffer written in place).
  auto type = cast<RankedTensorType>(reshape->getResult(0).getType());
  rewriter.setInsertionPoint(reshape);
  Value initDest = init.getDpsInitOperand(0)->get();
  Value dest = collapse
                   ? Value(tensor::CollapseShapeOp::create(
                         rewriter, reshape->getLoc(), type, initDest, groups))
                   : Value(tensor::ExpandShapeOp::create(
                         rewriter, reshape->getLoc(), type, initDest, groups));
  linalg::LinalgOp rebuilt = rebuildInitializer(
      rewriter, init, dest, [&](unsigned old) -> std::optional<unsigned> {
        for (auto [g, group] : llvm::enumerate(groups)) {
          if (collapse && llvm::is_contained(group, old))
            return soleDim(group, old) ? std::optional<unsigned>(g)
                                       : std::nullopt;
          if (expand && g == old) {
            for (int64_t d : group)
              if (soleDim(group, d))
                return unsigned(d);
            return std::nullopt;
          }
        }
        return std::nullopt;
      });
  if (rebuilt)
    rewriter.modifyOpInPlace(op,
                             [&] { initOperand->set(rebuilt->getResult(0)); });
}

/// The op initializing `op`'s accumulator (see initializerOf), rebuilt
/// first through a collapse between them (a convolution's result viewed as
/// a matrix) and then marked; null if there is none.
linalg::LinalgOp accumulatorInitializer(RewriterBase &rewriter,
                                        linalg::LinalgOp op) {
  Value init = op.getDpsInitOperand(0)->get();
  if (isa_and_nonnull<tensor::CollapseShapeOp>(init.getDefiningOp()))
    if (linalg::LinalgOp reshaped =
            initializerOf(init.getDefiningOp()->getOperand(0))) {
      reshaped->setAttr(kInitMarker, rewriter.getUnitAttr());
      rebuildInitializerThroughReshape(rewriter, op);
    }
  return initializerOf(op.getDpsInitOperand(0)->get());
}

/// Fuses the initializer of the tile's accumulator slice into the tile
/// loops, so that each tile starts from it; the fused ops get `marker`
/// (kInitMarker to be fused again into register tiles, kVectorizeMarker
/// when they are register tiles).
void fuseAccumulatorInitializer(RewriterBase &rewriter, TiledOp &tiles,
                                StringRef marker) {
  if (tiles.loops.empty())
    return;
  auto slice = tiles.op.getDpsInitOperand(0)
                   ->get()
                   .getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice)
    return;
  std::optional<scf::SCFFuseProducerOfSliceResult> fused =
      scf::tileAndFuseProducerOfSlice(rewriter, slice, tiles.loops);
  if (!fused)
    return;
  for (Operation *tiled : fused->tiledOps) {
    tiled->removeAttr(kInitMarker);
    tiled->setAttr(marker, rewriter.getUnitAttr());
  }
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

/// Applies lowering configurations: each method reads the configuration of
/// the op it tiles.
class Tiler {
public:
  /// Blocks a contraction (tileCacheBlocks). When its accumulator starts
  /// from a fill or a broadcast bias and K fits one cache block, that
  /// initializer is not a pass of its own over the result: it is fused into
  /// the blocks and then into the register tiles (tileRegisters), so that a
  /// register tile starts from it instead of reading a buffer written just
  /// before. (With K over several blocks, splitting off the first block
  /// measured no faster and compiled ResNet-50 25% slower.)
  LogicalResult tileContraction(RewriterBase &rewriter, linalg::LinalgOp op,
                                const linalg::ContractionDimensions &dims) {
    if (op.getNumDpsInits() != 1 || op.getStaticLoopRanges()[dims.k.back()] >
                                        configOf(op).getCacheTiles()[2])
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
  tileCacheBlocks(RewriterBase &rewriter, linalg::LinalgOp op,
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
  packRhsPanels(RewriterBase &rewriter, linalg::LinalgOp block) {
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
    SmallVector<int64_t> permutation = lanesInner
                                           ? SmallVector<int64_t>{1, 0, 2}
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
    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
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
  Value sliceOfPackedConstant(RewriterBase &rewriter, Value rhs, int64_t panels,
                              int64_t k, int64_t nr) {
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
      auto packedType =
          RankedTensorType::get({columns / nr, rows, nr}, element);
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
  LogicalResult tileRegisters(RewriterBase &rewriter, linalg::LinalgOp op,
                              bool parallel) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    unsigned m = dims->m.back(), n = dims->n.back(), k = dims->k.back();
    LoweringConfigAttr config = configOf(op);
    int64_t mr = config.getRegisterTile()[0], nr = config.getRegisterTile()[1];
    if (auto parts =
            splitOddRemainder(rewriter, op, n, nr, config.getLanes())) {
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
    if (auto parts =
            splitOddRemainder(rewriter, op, 2, nr, config.getLanes())) {
      for (linalg::LinalgOp part : {parts->first, parts->second})
        part->setAttr(kDirectConvolutionMarker, rewriter.getUnitAttr());
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
    registers->op->setAttr(kDirectConvolutionMarker, rewriter.getUnitAttr());
    if (product(bounds) >= kMinParallelContractionWork && !tiles->loops.empty())
      tiles->loops.front()->setAttr(kParallelMarker, rewriter.getUnitAttr());
    return success();
  }

  /// Reductions over the innermost loops (softmax, layer norm, pooling,
  /// reduce ops): one output element per tile, the whole reduced extent in
  /// one vector (reassociated into a tree when lowered). Fails if a
  /// parallel loop is inside the reduction.
  LogicalResult tileInnerReduction(RewriterBase &rewriter,
                                   linalg::LinalgOp op) {
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
    auto [first, second] = linalg::splitOp(
        rewriter, cast<TilingInterface>(op.getOperation()), dim,
        rewriter.getIndexAttr(extent - remainder % vectorLanes));
    if (!first || !second)
      return std::nullopt;
    return std::make_pair(cast<linalg::LinalgOp>(first.getOperation()),
                          cast<linalg::LinalgOp>(second.getOperation()));
  }

  /// Rows of the innermost dimension, a few vectors at a time.
  LogicalResult tileRows(RewriterBase &rewriter, linalg::LinalgOp op,
                         bool parallel = true) {
    SmallVector<int64_t> sizes(op.getNumLoops(), 1);
    sizes.back() =
        clampTile(4 * configOf(op).getLanes(), op.getStaticLoopRanges().back());
    return tileInOrder(rewriter, op, sizes, parallel);
  }

  /// Tiles `op` by `sizes` in loop order for vectorization and, if
  /// `parallel`, marks the outermost loop with more than one iteration
  /// parallel when the op is worth the thread pool.
  LogicalResult tileInOrder(RewriterBase &rewriter, linalg::LinalgOp op,
                            ArrayRef<int64_t> sizes, bool parallel = true) {
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

private:
  /// Constant B matrices packed into panels, by their constant op and the
  /// panel width.
  llvm::DenseMap<std::pair<Operation *, int64_t>, Value> packedConstants;
};

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

/// The op computing `source` for a pad when it can write straight into the
/// padded buffer's interior: a structured op whose only result is `source`,
/// used only by the pad, with a tensor.empty destination it never reads.
linalg::LinalgOp padSourceProducer(tensor::PadOp pad) {
  Value source = pad.getSource();
  auto producer = source.getDefiningOp<linalg::LinalgOp>();
  if (!producer || producer->getNumResults() != 1 || !source.hasOneUse() ||
      producer->getBlock() != pad->getBlock() ||
      !producer.hasPureTensorSemantics())
    return nullptr;
  OpOperand *init = producer.getDpsInitOperand(0);
  if (!init->get().getDefiningOp<tensor::EmptyOp>() ||
      producer.payloadUsesValueFromOperand(init))
    return nullptr;
  return producer;
}

/// tensor.pad with a constant value as a fill of the result and a copy of the
/// source into its interior: both are structured ops that get tiled,
/// vectorized and run in parallel (a padded buffer is otherwise filled and
/// copied by scalar loops). When the source's producer can write its result
/// into the interior directly, it does, and there is no copy at all (the
/// depthwise convolutions of MobileNetV2 pad every expanded activation).
void decomposeConstantPads(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<tensor::PadOp> pads;
  func.walk([&](tensor::PadOp pad) {
    if (pad.getResultType().hasStaticShape() &&
        pad.getSourceType().hasStaticShape() && pad.getConstantPaddingValue())
      pads.push_back(pad);
  });
  for (tensor::PadOp pad : pads) {
    Location loc = pad.getLoc();
    linalg::LinalgOp producer = padSourceProducer(pad);
    Value padValue = pad.getConstantPaddingValue();
    Operation *padValueDef = padValue.getDefiningOp();
    // The padded buffer is made before the producer, with its own copy of
    // the padding value: only a constant can be moved there.
    if (padValueDef && padValueDef->getNumOperands() != 0)
      producer = nullptr;
    rewriter.setInsertionPoint(producer ? producer.getOperation()
                                        : pad.getOperation());
    if (producer && padValueDef)
      padValue = rewriter.clone(*padValueDef)->getResult(0);
    RankedTensorType type = pad.getResultType();
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType());
    // The fill and the copy are lowered as the pad's configuration says.
    Attribute config = pad->getAttr(dlc::kLoweringConfigAttrName);
    auto fill = linalg::FillOp::create(rewriter, loc, padValue, empty);
    if (config)
      fill->setAttr(dlc::kLoweringConfigAttrName, config);
    Value filled = fill.getResult(0);
    SmallVector<OpFoldResult> offsets = pad.getMixedLowPad();
    SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
        rewriter.getContext(), pad.getSourceType().getShape());
    SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
    Value interior = tensor::ExtractSliceOp::create(rewriter, loc, filled,
                                                    offsets, sizes, strides);
    Value written;
    if (producer) {
      rewriter.modifyOpInPlace(producer, [&] {
        producer.getDpsInitOperand(0)->set(interior);
        producer->getResult(0).setType(interior.getType());
      });
      written = producer->getResult(0);
    } else {
      rewriter.setInsertionPoint(pad);
      auto copy =
          linalg::CopyOp::create(rewriter, loc, pad.getSource(), interior);
      if (config)
        copy->setAttr(dlc::kLoweringConfigAttrName, config);
      written = copy.getResult(0);
    }
    rewriter.setInsertionPoint(pad);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(pad, written, filled,
                                                       offsets, sizes, strides);
  }
}

/// A fill (usually zeros) shared by several ops as their accumulator, as CSE
/// leaves it, forces bufferization to copy it for each writer; one fill per
/// use writes each buffer once instead of filling and copying.
void duplicateSharedFills(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::FillOp> fills;
  func.walk([&](linalg::FillOp fill) {
    if (fill.hasPureTensorSemantics() && !fill->getResult(0).hasOneUse())
      fills.push_back(fill);
  });
  for (linalg::FillOp fill : fills) {
    SmallVector<OpOperand *> uses = llvm::map_to_vector(
        fill->getResult(0).getUses(), [](OpOperand &use) { return &use; });
    for (OpOperand *use : ArrayRef(uses).drop_front()) {
      rewriter.setInsertionPoint(use->getOwner());
      Operation *copy = rewriter.clone(*fill);
      rewriter.modifyOpInPlace(use->getOwner(),
                               [&] { use->set(copy->getResult(0)); });
    }
  }
}

/// Moves the op computing a contraction's accumulator (a bias broadcast, a
/// fill) and the reshapes between them to right before the contraction,
/// when the contraction is its only user. The graph computes it where the
/// convolution began, before the im2col copies: its writes then evicted the
/// copies' source from L2 (ResNet-50's first window copy of each 3x3
/// convolution took three times as long as the other eight).
void sinkAccumulatorInitializers(func::FuncOp func) {
  SmallVector<linalg::LinalgOp> contractions;
  func.walk([&](linalg::LinalgOp op) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (op.getNumDpsInits() == 1 && succeeded(dims) && !dims->m.empty() &&
        !dims->n.empty() && !dims->k.empty())
      contractions.push_back(op);
  });
  for (linalg::LinalgOp contraction : contractions) {
    Operation *before = contraction;
    Value value = contraction.getDpsInitOperand(0)->get();
    while (Operation *def = value.getDefiningOp()) {
      if (!def->hasOneUse() || def->getBlock() != contraction->getBlock() ||
          !isMemoryEffectFree(def))
        break;
      if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def)) {
        def->moveBefore(before);
        before = def;
        value = def->getOperand(0);
        continue;
      }
      if (auto producer = dyn_cast<linalg::LinalgOp>(def);
          producer && producer.getNumReductionLoops() == 0)
        def->moveBefore(before);
      break;
    }
  }
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
    Tiler tiler;

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
      if (failed(tiler.tileDirectConvolution(rewriter, op))) {
        misfit(op);
        return signalPassFailure();
      }
    }
    for (linalg::LinalgOp op : contractions) {
      FailureOr<linalg::ContractionDimensions> dims =
          linalg::inferContractionDims(op);
      if (failed(dims) || dims->m.empty() || dims->n.empty() ||
          dims->k.empty()) {
        misfit(op);
        return signalPassFailure();
      }
      (void)tiler.tileContraction(rewriter, op, *dims);
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
        (void)tiler.tileRows(rewriter, op);
      } else if (failed(tiler.tileInnerReduction(rewriter, op))) {
        misfit(op);
        return signalPassFailure();
      }
    }
    // Blocks get static shapes before their B panels are packed.
    if (failed(peelAndSimplify(rewriter, func)))
      return signalPassFailure();

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
      if (auto packed = tiler.packRhsPanels(rewriter, block);
          succeeded(packed)) {
        registers = packed->first;
        if (packed->second)
          (void)tiler.tileRows(rewriter, packed->second);
        rebuildInitializerThroughReshape(rewriter, registers);
      }
      (void)tiler.tileRegisters(rewriter, registers, parallel);
    }
    func.walk([](scf::ForOp loop) { loop->removeAttr(kRowBlocksMarker); });
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
      (void)tiler.tileRows(rewriter, op, /*parallel=*/false);
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
