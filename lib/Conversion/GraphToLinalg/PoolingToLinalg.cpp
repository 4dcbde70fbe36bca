//===- PoolingToLinalg.cpp - pooling to linalg ----------------------------===//
//
// 2-D float pooling uses linalg's NCHW pooling ops, which
// dlc-decompose-convolutions turns into elementwise ops over strided window
// views that the CPU pipeline tiles and vectorizes. 3-D windows, integer max
// pooling and max pooling with indices are linalg.generic ops over
// [N, C, out..., window...].
// Padding becomes an explicit tensor.pad so every window is in bounds.
//
//===----------------------------------------------------------------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// An empty tensor shaped like the window: it gives the window loops of a
/// pooling op their bounds.
Value windowTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> kernel,
                   Type elem) {
  return tensor::EmptyOp::create(b, loc, kernel, elem);
}

using WindowBody = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, Value element, ValueRange accumulators)>;

/// linalg.generic over [N, C, out_1..out_k, win_1..win_k] reading `padded`
/// at out_i * stride_i + win_i * dilation_i and reducing the window dims
/// into `inits` (shaped [N, C, out...]).
linalg::GenericOp buildWindowReduction(OpBuilder &b, Location loc, Value padded,
                                       const PoolWindow &w, ValueRange inits,
                                       WindowBody body) {
  MLIRContext *ctx = b.getContext();
  unsigned spatial = w.kernel.size(), rank = 2 + spatial;
  unsigned numDims = rank + spatial;
  SmallVector<AffineExpr> inputExprs = {b.getAffineDimExpr(0),
                                        b.getAffineDimExpr(1)};
  SmallVector<AffineExpr> windowExprs, outputExprs;
  for (unsigned i = 0; i < spatial; ++i) {
    AffineExpr out = b.getAffineDimExpr(2 + i);
    AffineExpr win = b.getAffineDimExpr(rank + i);
    inputExprs.push_back(out * w.strides[i] + win * w.dilations[i]);
    windowExprs.push_back(win);
  }
  for (unsigned i = 0; i < rank; ++i)
    outputExprs.push_back(b.getAffineDimExpr(i));
  SmallVector<AffineMap> maps = {AffineMap::get(numDims, 0, inputExprs, ctx),
                                 AffineMap::get(numDims, 0, windowExprs, ctx)};
  maps.append(inits.size(), AffineMap::get(numDims, 0, outputExprs, ctx));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.append(spatial, utils::IteratorType::reduction);
  Type elem = cast<RankedTensorType>(padded.getType()).getElementType();
  return linalg::GenericOp::create(
      b, loc, inits.getTypes(),
      ValueRange{padded, windowTensor(b, loc, w.kernel, elem)}, inits, maps,
      iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl,
                                body(nb, nl, args[0], args.drop_front(2)));
      });
}

/// `x > best` for floats and integers of the given signedness.
Value isGreater(OpBuilder &b, Location loc, Value x, Value best,
                bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, best);
  return arith::CmpIOp::create(b, loc,
                               isUnsigned ? arith::CmpIPredicate::ugt
                                          : arith::CmpIPredicate::sgt,
                               x, best);
}

struct MaxPoolToLinalg : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Type elem = type.getElementType();
    bool isUnsigned = isUnsignedElement(op.getType());
    PoolWindow w = getPoolWindow(op.getKernelShape(), op.getStrides(),
                                 op.getPads(), op.getDilations());
    // Padding holds the lowest value, which never beats a real element.
    Value lowest =
        buildExtremeValue(rewriter, loc, elem, isUnsigned, /*lowest=*/true);
    Value input =
        buildPadded(rewriter, loc, adaptor.getInput(), w.pads, lowest);
    Value init = buildFilled(rewriter, loc, type, lowest);
    if (w.kernel.size() == 2 && isa<FloatType>(elem)) {
      rewriter.replaceOp(
          op,
          linalg::PoolingNchwMaxOp::create(
              rewriter, loc, TypeRange{type},
              ValueRange{input, windowTensor(rewriter, loc, w.kernel, elem)},
              ValueRange{init}, rewriter.getI64VectorAttr(w.strides),
              rewriter.getI64VectorAttr(w.dilations))
              .getResult(0));
      return success();
    }
    auto generic = buildWindowReduction(
        rewriter, loc, input, w, {init},
        [&](OpBuilder &b, Location l, Value x, ValueRange acc) {
          Value take = isGreater(b, l, x, acc[0], isUnsigned);
          return SmallVector<Value>{
              arith::SelectOp::create(b, l, take, x, acc[0])};
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Max pooling that also tracks the flat input position of each maximum.
/// Padded positions are skipped by their coordinates, so any pad value
/// works and a window of lowest values still reports a real position.
struct MaxPoolWithIndicesToLinalg : OpConversionPattern<MaxPoolWithIndicesOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolWithIndicesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getResult().getType());
    RankedTensorType indexType = op.getIndices().getType();
    Type elem = type.getElementType();
    bool isUnsigned = isUnsignedElement(op.getResult().getType());
    auto inputShape = op.getInput().getType().getShape();
    PoolWindow w = getPoolWindow(op.getKernelShape(), op.getStrides(),
                                 op.getPads(), op.getDilations());
    unsigned spatial = w.kernel.size(), rank = 2 + spatial;
    bool columnMajor = op.getStorageOrder() == 1;

    Value lowest =
        buildExtremeValue(rewriter, loc, elem, isUnsigned, /*lowest=*/true);
    Value input =
        buildPadded(rewriter, loc, adaptor.getInput(), w.pads, lowest);
    Value values = buildFilled(rewriter, loc, type, lowest);
    Value indices =
        buildFilled(rewriter, loc, indexType,
                    buildScalar(rewriter, loc, rewriter.getI64Type(), -1));
    auto generic = buildWindowReduction(
        rewriter, loc, input, w, {values, indices},
        [&](OpBuilder &b, Location l, Value x, ValueRange acc) {
          auto constant = [&](int64_t v) -> Value {
            return arith::ConstantIndexOp::create(b, l, v);
          };
          auto index = [&](unsigned dim) -> Value {
            return linalg::IndexOp::create(b, l, dim);
          };
          // Unpadded input coordinates of this window element.
          SmallVector<Value> coords;
          Value inBounds;
          for (unsigned i = 0; i < spatial; ++i) {
            Value pos = arith::AddIOp::create(
                b, l,
                arith::MulIOp::create(b, l, index(2 + i),
                                      constant(w.strides[i])),
                arith::MulIOp::create(b, l, index(rank + i),
                                      constant(w.dilations[i])));
            pos = arith::SubIOp::create(b, l, pos, constant(w.pads[i]));
            coords.push_back(pos);
            Value nonNegative = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::sge, pos, constant(0));
            Value below =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, pos,
                                      constant(inputShape[2 + i]));
            Value valid = arith::AndIOp::create(b, l, nonNegative, below);
            inBounds =
                inBounds ? arith::AndIOp::create(b, l, inBounds, valid) : valid;
          }
          // (n * C + c) * S + s, s row- or column-major over the spatial dims.
          Value position = constant(0);
          int64_t size = 1;
          for (unsigned j = 0; j < spatial; ++j) {
            unsigned i = columnMajor ? spatial - 1 - j : j;
            position = arith::AddIOp::create(
                b, l,
                arith::MulIOp::create(b, l, position,
                                      constant(inputShape[2 + i])),
                coords[i]);
            size *= inputShape[2 + i];
          }
          Value channel = arith::AddIOp::create(
              b, l,
              arith::MulIOp::create(b, l, index(0), constant(inputShape[1])),
              index(1));
          Value flat = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, channel, constant(size)),
              position);
          Value flatI64 =
              arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          Value none =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, acc[1],
                                    buildScalar(b, l, b.getI64Type(), 0));
          Value better = arith::OrIOp::create(
              b, l, none, isGreater(b, l, x, acc[0], isUnsigned));
          Value take = arith::AndIOp::create(b, l, inBounds, better);
          return SmallVector<Value>{
              arith::SelectOp::create(b, l, take, x, acc[0]),
              arith::SelectOp::create(b, l, take, flatI64, acc[1])};
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

/// 1 / (number of unpadded elements) of each output window, shaped like the
/// result's spatial dims.
DenseElementsAttr inverseWindowCounts(RankedTensorType input,
                                      RankedTensorType result,
                                      const PoolWindow &w) {
  unsigned spatial = w.kernel.size();
  auto countAlong = [&](unsigned dim, int64_t out) {
    int64_t begin = out * w.strides[dim] - w.pads[dim];
    int64_t end = begin + w.kernel[dim];
    return std::min(end, input.getDimSize(2 + dim)) -
           std::max<int64_t>(begin, 0);
  };
  ArrayRef<int64_t> outShape = result.getShape().drop_front(2);
  int64_t total = 1;
  for (int64_t size : outShape)
    total *= size;
  auto elem = cast<FloatType>(result.getElementType());
  SmallVector<APFloat> values;
  values.reserve(total);
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t count = 1, rest = flat;
    for (int i = spatial - 1; i >= 0; --i) {
      count *= countAlong(i, rest % outShape[i]);
      rest /= outShape[i];
    }
    APFloat inverse(1.0 / double(count));
    bool losesInfo;
    inverse.convert(elem.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    values.push_back(inverse);
  }
  return DenseElementsAttr::get(RankedTensorType::get(outShape, elem), values);
}

struct AvgPoolToLinalg : OpConversionPattern<AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elem = type.getElementType();
    PoolWindow w =
        getPoolWindow(op.getKernelShape(), op.getStrides(), op.getPads());
    Value zero = buildScalar(rewriter, loc, elem, 0);
    Value input = buildPadded(rewriter, loc, adaptor.getInput(), w.pads, zero);
    Value init = buildFilled(rewriter, loc, type, zero);
    Value sum;
    if (w.kernel.size() == 2) {
      sum = linalg::PoolingNchwSumOp::create(
                rewriter, loc, TypeRange{type},
                ValueRange{input, windowTensor(rewriter, loc, w.kernel, elem)},
                ValueRange{init}, rewriter.getI64VectorAttr(w.strides),
                rewriter.getI64VectorAttr(w.dilations))
                .getResult(0);
    } else {
      sum = buildWindowReduction(
                rewriter, loc, input, w, {init},
                [](OpBuilder &b, Location l, Value x, ValueRange acc) {
                  return SmallVector<Value>{
                      arith::AddFOp::create(b, l, x, acc[0])};
                })
                .getResult(0);
    }
    int64_t rank = type.getRank();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    Value result;
    if (op.getCountIncludePad()) {
      int64_t size = 1;
      for (int64_t k : w.kernel)
        size *= k;
      double inverse = 1.0 / double(size);
      result = buildElementwise(
          rewriter, loc, type, {sum}, {identity},
          [&](OpBuilder &b, Location l, ValueRange args) {
            return arith::MulFOp::create(
                b, l, args[0], buildScalar(b, l, args[0].getType(), inverse));
          });
    } else {
      Value inverse = arith::ConstantOp::create(
          rewriter, loc, inverseWindowCounts(op.getInput().getType(), type, w));
      SmallVector<AffineExpr> spatialDims;
      for (int64_t d = 2; d < rank; ++d)
        spatialDims.push_back(rewriter.getAffineDimExpr(d));
      AffineMap spatial = AffineMap::get(rank, 0, spatialDims, op.getContext());
      result = buildElementwise(
          rewriter, loc, type, {sum, inverse}, {identity, spatial},
          [](OpBuilder &b, Location l, ValueRange args) {
            return arith::MulFOp::create(b, l, args[0], args[1]);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GlobalAvgPoolToLinalg : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = op.getInput().getType();
    Type elem = inputType.getElementType();
    Value sum = buildReduction(
        rewriter, loc, adaptor.getInput(), {false, false, true, true},
        buildScalar(rewriter, loc, elem, 0),
        [](OpBuilder &b, Location l, ValueRange args) {
          return arith::AddFOp::create(b, l, args[0], args[1]);
        });
    double inverse =
        1.0 / double(inputType.getDimSize(2) * inputType.getDimSize(3));
    auto sumType = cast<RankedTensorType>(sum.getType());
    Value mean = buildElementwise(
        rewriter, loc, sumType, {sum}, {rewriter.getMultiDimIdentityMap(2)},
        [&](OpBuilder &b, Location l, ValueRange args) {
          return arith::MulFOp::create(b, l, args[0],
                                       buildScalar(b, l, elem, inverse));
        });
    rewriter.replaceOp(op, buildReshape(rewriter, loc, mean, op.getType()));
    return success();
  }
};
} // namespace

void dlc::populateGraphPoolingToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<MaxPoolToLinalg, MaxPoolWithIndicesToLinalg, AvgPoolToLinalg,
               GlobalAvgPoolToLinalg>(typeConverter, patterns.getContext());
}
