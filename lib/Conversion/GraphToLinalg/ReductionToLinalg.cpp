//===- ReductionToLinalg.cpp - reductions, softmax, layer norm to linalg --===//
//
// Softmax and layer norm decompose into reductions plus elementwise generics
// that read the reduced statistics through dimension-dropping maps.
//
//===----------------------------------------------------------------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// The map from the full iteration space to the non-reduced dims.
AffineMap dropReducedDims(ArrayRef<bool> reduced, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (auto [i, isReduced] : llvm::enumerate(reduced))
    if (!isReduced)
      exprs.push_back(getAffineDimExpr(i, ctx));
  return AffineMap::get(reduced.size(), 0, exprs, ctx);
}

SmallVector<bool> reducedDims(int64_t rank, ArrayRef<int64_t> axes) {
  SmallVector<bool> reduced(rank, axes.empty());
  for (int64_t axis : axes)
    reduced[axis < 0 ? axis + rank : axis] = true;
  return reduced;
}

int64_t reducedCount(RankedTensorType type, ArrayRef<bool> reduced) {
  int64_t count = 1;
  for (auto [i, isReduced] : llvm::enumerate(reduced))
    if (isReduced)
      count *= type.getDimSize(i);
  return count;
}

Value addScalars(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return arith::AddFOp::create(b, loc, args[0], args[1]);
  return arith::AddIOp::create(b, loc, args[0], args[1]);
}

Value maxScalars(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return arith::MaximumFOp::create(b, loc, args[0], args[1]);
  return arith::MaxSIOp::create(b, loc, args[0], args[1]);
}

Value mulScalars(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return arith::MulFOp::create(b, loc, args[0], args[1]);
  return arith::MulIOp::create(b, loc, args[0], args[1]);
}

Value maxUnsignedScalars(OpBuilder &b, Location loc, ValueRange args) {
  return arith::MaxUIOp::create(b, loc, args[0], args[1]);
}

Value scaleBy(OpBuilder &b, Location loc, Value tensor, double factor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return buildElementwise(
      b, loc, type, {tensor}, {b.getMultiDimIdentityMap(type.getRank())},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        return arith::MulFOp::create(
            nb, l, args[0], buildScalar(nb, l, args[0].getType(), factor));
      });
}

template <typename ReduceOp>
struct ReduceToLinalg : OpConversionPattern<ReduceOp> {
  using OpConversionPattern<ReduceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReduceOp op, typename ReduceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    bool isUnsigned = isUnsignedElement(inputType);
    Type elem = getSignlessType(inputType.getElementType());
    SmallVector<bool> reduced = reducedDims(inputType.getRank(), op.getAxes());
    constexpr bool isMax = std::is_same_v<ReduceOp, ReduceMaxOp>;
    constexpr bool isProd = std::is_same_v<ReduceOp, ReduceProdOp>;
    Value init = isMax ? buildExtremeValue(rewriter, loc, elem, isUnsigned,
                                           /*lowest=*/true)
                       : buildScalar(rewriter, loc, elem, isProd ? 1 : 0);
    Value result =
        buildReduction(rewriter, loc, adaptor.getInput(), reduced, init,
                       isProd       ? mulScalars
                       : !isMax     ? addScalars
                       : isUnsigned ? maxUnsignedScalars
                                    : maxScalars);
    if constexpr (std::is_same_v<ReduceOp, ReduceMeanOp>)
      result = scaleBy(rewriter, loc, result,
                       1.0 / double(reducedCount(inputType, reduced)));
    rewriter.replaceOp(
        op,
        buildReshape(rewriter, loc, result,
                     getSignlessType(cast<RankedTensorType>(op.getType()))));
    return success();
  }
};

/// argmax: one reduction generic carrying (best value, its index).
struct ArgMaxToLinalg : OpConversionPattern<ArgMaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArgMaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    bool isUnsigned = isUnsignedElement(inputType);
    Type elem = getSignlessType(inputType.getElementType());
    SmallVector<bool> reduced = reducedDims(rank, {axis});
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        shape.push_back(inputType.getDimSize(d));
    auto valueType = RankedTensorType::get(shape, elem);
    auto indexType = RankedTensorType::get(shape, rewriter.getI64Type());
    Value values = buildFilled(
        rewriter, loc, valueType,
        buildExtremeValue(rewriter, loc, elem, isUnsigned, /*lowest=*/true));
    Value indices =
        buildFilled(rewriter, loc, indexType,
                    buildScalar(rewriter, loc, rewriter.getI64Type(), -1));
    AffineMap dropped = dropReducedDims(reduced, op.getContext());
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    bool last = op.getSelectLastIndex();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, indexType},
        ValueRange{adaptor.getInput()}, ValueRange{values, indices},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), dropped,
                            dropped},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value index = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          // The first element always wins (bestIndex starts at -1), so
          // -inf and NaN-free inputs all get a valid index.
          Value first =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, bestIndex,
                                    buildScalar(b, l, b.getI64Type(), 0));
          Value better;
          if (isa<FloatType>(elem))
            better = arith::CmpFOp::create(b, l,
                                           last ? arith::CmpFPredicate::OGE
                                                : arith::CmpFPredicate::OGT,
                                           x, best);
          else if (isUnsigned)
            better = arith::CmpIOp::create(b, l,
                                           last ? arith::CmpIPredicate::uge
                                                : arith::CmpIPredicate::ugt,
                                           x, best);
          else
            better = arith::CmpIOp::create(b, l,
                                           last ? arith::CmpIPredicate::sge
                                                : arith::CmpIPredicate::sgt,
                                           x, best);
          Value take = arith::OrIOp::create(b, l, first, better);
          linalg::YieldOp::create(
              b, l,
              ValueRange{
                  arith::SelectOp::create(b, l, take, x, best),
                  arith::SelectOp::create(b, l, take, index, bestIndex)});
        });
    rewriter.replaceOp(
        op, buildReshape(rewriter, loc, generic.getResult(1), op.getType()));
    return success();
  }
};

struct SoftmaxToLinalg : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Type elem = type.getElementType();
    int64_t rank = type.getRank();
    SmallVector<bool> reduced =
        reducedDims(rank, {static_cast<int64_t>(op.getAxis())});
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap dropped = dropReducedDims(reduced, op.getContext());
    Value input = adaptor.getInput();
    // Subtracting the max keeps exp() in range.
    Value max = buildReduction(rewriter, loc, input, reduced,
                               buildExtremeValue(rewriter, loc, elem,
                                                 /*isUnsigned=*/false,
                                                 /*lowest=*/true),
                               maxScalars);
    Value exps = buildElementwise(
        rewriter, loc, type, {input, max}, {identity, dropped},
        [](OpBuilder &b, Location l, ValueRange args) {
          return math::ExpOp::create(
              b, l, arith::SubFOp::create(b, l, args[0], args[1]));
        });
    Value sum = buildReduction(rewriter, loc, exps, reduced,
                               buildScalar(rewriter, loc, elem, 0), addScalars);
    rewriter.replaceOp(
        op,
        buildElementwise(rewriter, loc, type, {exps, sum}, {identity, dropped},
                         [](OpBuilder &b, Location l, ValueRange args) {
                           return arith::DivFOp::create(b, l, args[0], args[1]);
                         }));
    return success();
  }
};

struct LayerNormToLinalg : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Type elem = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<bool> reduced(rank, false);
    for (int64_t i = axis; i < rank; ++i)
      reduced[i] = true;
    double inverseCount = 1.0 / double(reducedCount(type, reduced));
    double epsilon = op.getEpsilon().convertToDouble();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap dropped = dropReducedDims(reduced, op.getContext());
    Value zero = buildScalar(rewriter, loc, elem, 0);

    Value sum = buildReduction(rewriter, loc, adaptor.getInput(), reduced, zero,
                               addScalars);
    Value centered = buildElementwise(
        rewriter, loc, type, {adaptor.getInput(), sum}, {identity, dropped},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value mean = arith::MulFOp::create(
              b, l, args[1], buildScalar(b, l, elem, inverseCount));
          return arith::SubFOp::create(b, l, args[0], mean);
        });
    Value sumSquares =
        buildReduction(rewriter, loc, centered, reduced, zero,
                       [](OpBuilder &b, Location l, ValueRange args) {
                         Value square =
                             arith::MulFOp::create(b, l, args[0], args[0]);
                         return arith::AddFOp::create(b, l, square, args[1]);
                       });
    SmallVector<Value> inputs = {centered, sumSquares, adaptor.getScale()};
    SmallVector<AffineMap> maps = {
        identity, dropped,
        getBroadcastMap(cast<RankedTensorType>(adaptor.getScale().getType()),
                        type)};
    if (Value bias = adaptor.getBias()) {
      inputs.push_back(bias);
      maps.push_back(
          getBroadcastMap(cast<RankedTensorType>(bias.getType()), type));
    }
    rewriter.replaceOp(
        op,
        buildElementwise(
            rewriter, loc, type, inputs, maps,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value variance = arith::MulFOp::create(
                  b, l, args[1], buildScalar(b, l, elem, inverseCount));
              Value invStd = math::RsqrtOp::create(
                  b, l,
                  arith::AddFOp::create(b, l, variance,
                                        buildScalar(b, l, elem, epsilon)));
              Value normalized = arith::MulFOp::create(
                  b, l, arith::MulFOp::create(b, l, args[0], invStd), args[2]);
              if (args.size() == 4)
                normalized = arith::AddFOp::create(b, l, normalized, args[3]);
              return normalized;
            }));
    return success();
  }
};
} // namespace

void dlc::populateGraphReductionToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<ReduceToLinalg<ReduceSumOp>, ReduceToLinalg<ReduceMeanOp>,
               ReduceToLinalg<ReduceMaxOp>, ReduceToLinalg<ReduceProdOp>,
               ArgMaxToLinalg, SoftmaxToLinalg, LayerNormToLinalg>(
      typeConverter, patterns.getContext());
}
