//===- DataMovementToLinalg.cpp - shape and data movement ops -------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct ConstantToArith : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "value is not a typed attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

struct ReshapeToTensor : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(),
                                        adaptor.getInput(), op.getType()));
    return success();
  }
};

struct TransposeToLinalg : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatToTensor : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += type.getRank();
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes, strides;
      for (int64_t size : inputType.getShape()) {
        sizes.push_back(rewriter.getIndexAttr(size));
        strides.push_back(rewriter.getIndexAttr(1));
      }
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceToTensor : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (auto [start, size, step] :
         llvm::zip(op.getStarts(), op.getType().getShape(), op.getSteps())) {
      // An empty slice may start at the end; any in-bounds offset will do.
      offsets.push_back(rewriter.getIndexAttr(size == 0 ? 0 : start));
      sizes.push_back(rewriter.getIndexAttr(size));
      strides.push_back(rewriter.getIndexAttr(step));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, op.getType(), adaptor.getInput(), offsets, sizes, strides);
    return success();
  }
};

struct PadToTensor : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<OpFoldResult> low, high;
    for (auto [l, h] : llvm::zip(op.getLow(), op.getHigh())) {
      low.push_back(rewriter.getIndexAttr(l));
      high.push_back(rewriter.getIndexAttr(h));
    }
    Value value =
        buildScalar(rewriter, op.getLoc(), op.getType().getElementType(),
                    op.getValue().convertToDouble());
    rewriter.replaceOpWithNewOp<tensor::PadOp>(
        op, op.getType(), adaptor.getInput(), low, high, value);
    return success();
  }
};

/// gather: a generic over the result that reads its index from `indices`
/// and extracts from the input. Indices are clamped to the axis so that a
/// bad index cannot read outside the tensor.
struct GatherToLinalg : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto inputType = op.getInput().getType();
    auto indicesType = op.getIndices().getType();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inputType.getRank();
    int64_t numIndexDims = indicesType.getRank();
    int64_t axisSize = inputType.getDimSize(axis);
    MLIRContext *ctx = op.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < numIndexDims; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    AffineMap indexMap = AffineMap::get(type.getRank(), 0, indexExprs, ctx);
    Value input = adaptor.getInput();
    Value result = buildElementwise(
        rewriter, loc, type, {adaptor.getIndices()}, {indexMap},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value size = arith::ConstantIndexOp::create(b, l, axisSize);
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value isNegative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, index, zero);
          index = arith::SelectOp::create(
              b, l, isNegative, arith::AddIOp::create(b, l, index, size),
              index);
          Value last = arith::ConstantIndexOp::create(b, l, axisSize - 1);
          index = arith::MaxSIOp::create(
              b, l, zero, arith::MinSIOp::create(b, l, index, last));
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          coords.push_back(index);
          for (int64_t d = axis + numIndexDims; d < type.getRank(); ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
/// Transfers between the host program and one device's kernels need no op
/// of their own: buffer placement after bufferization
/// (dlc-place-buffers-on-gpu) copies exactly the arguments and constants
/// kernels read and the results they return. A value moving from one
/// device's kernel to another's needs copies between kernels, which no
/// pipeline materializes yet.
struct TransferToPlacement : OpConversionPattern<TransferOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransferOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    bool fromKernel =
        isa_and_nonnull<func::CallOp>(op.getInput().getDefiningOp());
    bool toKernel = llvm::any_of(op->getUsers(), [](Operation *user) {
      return isa<func::CallOp>(user);
    });
    if (fromKernel && toKernel)
      return op.emitError("moving a value from a ")
             << op.getSource() << " kernel to a " << op.getTarget()
             << " kernel is not implemented yet: one program can place "
                "kernels on one device (see --report)";
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};
} // namespace

void dlc::populateGraphDataMovementToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ConstantToArith, ReshapeToTensor, TransposeToLinalg, ConcatToTensor,
           SliceToTensor, PadToTensor, GatherToLinalg, TransferToPlacement>(
          patterns.getContext());
}
