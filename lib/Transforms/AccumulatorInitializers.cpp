//===- AccumulatorInitializers.cpp - initializers per tile ----------------===//

#include "KernelTiling.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"

using namespace mlir;
using namespace dlc::tiling;
using dlc::graph::LoweringConfigAttr;

namespace {
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

} // namespace

namespace dlc::tiling {

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

} // namespace dlc::tiling
