//===- PrepareKernelTiling.cpp - pads, fills, initializers ----------------===//

#include "KernelTiling.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace dlc::tiling;
using dlc::graph::LoweringConfigAttr;

namespace {
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

} // namespace

namespace dlc::tiling {

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
    if (op.getNumDpsInits() == 1 && contractionDims(op))
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

} // namespace dlc::tiling
