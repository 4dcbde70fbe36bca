//===- DataMovementToLinalg.cpp - shape and data movement ops -------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"

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
    // arith.constant is signless: unsigned data is reinterpreted bit for bit.
    auto type = cast<RankedTensorType>(value.getType());
    RankedTensorType signless = getSignlessType(type);
    if (signless != type) {
      if (auto dense = dyn_cast<DenseElementsAttr>(value))
        value = dense.bitcast(signless.getElementType());
      else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
        value =
            DenseResourceElementsAttr::get(signless, resource.getRawHandle());
      else
        return rewriter.notifyMatchFailure(op, "unsupported unsigned constant");
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

struct ReshapeToTensor : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       buildReshape(rewriter, op.getLoc(), adaptor.getInput(),
                                    getSignlessType(op.getType())));
    return success();
  }
};

struct TransposeToLinalg : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getSignlessType(op.getType());
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
    RankedTensorType type = getSignlessType(op.getType());
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
        op, getSignlessType(op.getType()), adaptor.getInput(), offsets, sizes,
        strides);
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
    RankedTensorType type = getSignlessType(op.getType());
    Value value = buildScalar(rewriter, op.getLoc(), type.getElementType(),
                              op.getValue().convertToDouble());
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, type, adaptor.getInput(),
                                               low, high, value);
    return success();
  }
};

/// An index read from an index tensor, as `index`: negative values count
/// from the end of a dimension of `size`, and the result is clamped to the
/// dimension so that a bad index cannot read outside the tensor.
Value clampedIndex(OpBuilder &b, Location l, Value raw, int64_t size) {
  Value index = arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
  Value extent = arith::ConstantIndexOp::create(b, l, size);
  Value zero = arith::ConstantIndexOp::create(b, l, 0);
  Value isNegative =
      arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index, zero);
  index = arith::SelectOp::create(
      b, l, isNegative, arith::AddIOp::create(b, l, index, extent), index);
  Value last = arith::ConstantIndexOp::create(b, l, size - 1);
  return arith::MaxSIOp::create(b, l, zero,
                                arith::MinSIOp::create(b, l, index, last));
}

/// gather: a generic over the result that reads its index from `indices`
/// and extracts from the input.
struct GatherToLinalg : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getSignlessType(op.getType());
    auto inputType = op.getInput().getType();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inputType.getRank();
    int64_t numIndexDims = op.getIndices().getType().getRank();
    MLIRContext *ctx = op.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < numIndexDims; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    AffineMap indexMap = AffineMap::get(type.getRank(), 0, indexExprs, ctx);
    Value input = adaptor.getInput();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, {adaptor.getIndices()}, {indexMap},
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          coords.push_back(
              clampedIndex(b, l, args[0], inputType.getDimSize(axis)));
          for (int64_t d = axis + numIndexDims; d < type.getRank(); ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// gather_elements: a generic over the indices' shape that replaces the
/// axis coordinate by the index it reads.
struct GatherElementsToLinalg : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getSignlessType(op.getType());
    auto inputType = op.getInput().getType();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inputType.getRank();
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(type.getRank(), op.getContext());
    Value input = adaptor.getInput();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, {adaptor.getIndices()}, {identity},
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < type.getRank(); ++d)
            coords.push_back(
                d == axis
                    ? clampedIndex(b, l, args[0], inputType.getDimSize(axis))
                    : Value(linalg::IndexOp::create(b, l, d)));
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// gather_nd: a generic over the result; each element reads its index tuple
/// from `indices` (the batch and tuple dims of the result) and extracts from
/// the input.
struct GatherNDToLinalg : OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getSignlessType(op.getType());
    auto inputType = op.getInput().getType();
    auto indicesType = op.getIndices().getType();
    int64_t batch = static_cast<int64_t>(op.getBatchDims());
    int64_t tupleDims = indicesType.getRank() - 1;
    int64_t depth = indicesType.getShape().back();
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, {}, {},
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> loops;
          for (int64_t d = 0; d < type.getRank(); ++d)
            loops.push_back(linalg::IndexOp::create(b, l, d));
          SmallVector<Value> coords(loops.begin(), loops.begin() + batch);
          SmallVector<Value> tuple(loops.begin(), loops.begin() + tupleDims);
          tuple.push_back(Value());
          for (int64_t k = 0; k < depth; ++k) {
            tuple.back() = arith::ConstantIndexOp::create(b, l, k);
            Value raw = tensor::ExtractOp::create(b, l, indices, tuple);
            coords.push_back(
                clampedIndex(b, l, raw, inputType.getDimSize(batch + k)));
          }
          coords.append(loops.begin() + tupleDims, loops.end());
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Transfers need no op of their own: after bufferization,
/// dlc-place-buffers-on-gpu gives each buffer a version per device that
/// touches it and copies between them where a kernel reads a value written
/// on the other device, which is where the transfers are.
struct TransferToPlacement : OpConversionPattern<TransferOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransferOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};
} // namespace

void dlc::populateGraphDataMovementToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<ConstantToArith, ReshapeToTensor, TransposeToLinalg,
               ConcatToTensor, SliceToTensor, PadToTensor, GatherToLinalg,
               GatherElementsToLinalg, GatherNDToLinalg, TransferToPlacement>(
      typeConverter, patterns.getContext());
}
