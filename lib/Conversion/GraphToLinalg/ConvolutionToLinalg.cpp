//===- ConvolutionToLinalg.cpp - conv2d and pooling to linalg -------------===//
//
// Padding becomes an explicit tensor.pad so the linalg named ops see a valid
// window everywhere; bias initializes the convolution's accumulator.
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
/// Pads the spatial dims of an NCHW tensor by [top, left, bottom, right].
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> pads, double padValue) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[2] += pads[0] + pads[2];
  shape[3] += pads[1] + pads[3];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                   b.getIndexAttr(pads[0]),
                                   b.getIndexAttr(pads[1])};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(pads[2]),
                                    b.getIndexAttr(pads[3])};
  Value value = buildScalar(b, loc, type.getElementType(), padValue);
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), input, low,
      high, value);
}

struct Conv2DToLinalg : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPads(), 0.0);
    Value init;
    if (Value bias = adaptor.getBias()) {
      AffineMap channel =
          AffineMap::get(4, 0, getAffineDimExpr(1, rewriter.getContext()));
      init = buildElementwise(
          rewriter, loc, type, {bias}, {channel},
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    } else {
      init = buildFilled(rewriter, loc, type,
                         buildScalar(rewriter, loc, type.getElementType(), 0));
    }
    auto strides = rewriter.getI64VectorAttr(op.getStrides());
    auto dilations = rewriter.getI64VectorAttr(op.getDilations());
    int64_t group = static_cast<int64_t>(op.getGroup());
    if (group == 1) {
      rewriter.replaceOp(op, linalg::Conv2DNchwFchwOp::create(
                                 rewriter, loc, TypeRange{type},
                                 ValueRange{input, adaptor.getWeight()},
                                 ValueRange{init}, strides, dilations)
                                 .getResult(0));
      return success();
    }
    // Grouped: split channels into [G, C/G] and filters into [G, F/G].
    auto inputType = cast<RankedTensorType>(input.getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    Type elem = type.getElementType();
    auto groupedInput = RankedTensorType::get(
        {inputType.getDimSize(0), group, inputType.getDimSize(1) / group,
         inputType.getDimSize(2), inputType.getDimSize(3)},
        elem);
    auto groupedWeight = RankedTensorType::get(
        {group, weightType.getDimSize(0) / group, weightType.getDimSize(1),
         weightType.getDimSize(2), weightType.getDimSize(3)},
        elem);
    auto groupedResult = RankedTensorType::get(
        {type.getDimSize(0), group, type.getDimSize(1) / group,
         type.getDimSize(2), type.getDimSize(3)},
        elem);
    Value conv =
        linalg::Conv2DNgchwGfchwOp::create(
            rewriter, loc, TypeRange{groupedResult},
            ValueRange{buildReshape(rewriter, loc, input, groupedInput),
                       buildReshape(rewriter, loc, adaptor.getWeight(),
                                    groupedWeight)},
            ValueRange{buildReshape(rewriter, loc, init, groupedResult)},
            strides, dilations)
            .getResult(0);
    rewriter.replaceOp(op, buildReshape(rewriter, loc, conv, type));
    return success();
  }
};

Value windowTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> kernel,
                   Type elem) {
  return tensor::EmptyOp::create(b, loc, kernel, elem);
}

struct MaxPool2DToLinalg : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Type elem = type.getElementType();
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPads(), -INFINITY);
    Value init = buildFilled(rewriter, loc, type,
                             buildScalar(rewriter, loc, elem, -INFINITY));
    rewriter.replaceOp(
        op, linalg::PoolingNchwMaxOp::create(
                rewriter, loc, TypeRange{type},
                ValueRange{input, windowTensor(rewriter, loc,
                                               op.getKernelShape(), elem)},
                ValueRange{init}, rewriter.getI64VectorAttr(op.getStrides()),
                rewriter.getI64VectorAttr(op.getDilations()))
                .getResult(0));
    return success();
  }
};

/// 1 / (number of unpadded elements) of each output window, as [OH, OW].
DenseElementsAttr inverseWindowCounts(RankedTensorType input,
                                      RankedTensorType result,
                                      ArrayRef<int64_t> kernel,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads) {
  auto countAlong = [&](int dim, int64_t out) {
    int64_t begin = out * strides[dim] - pads[dim];
    int64_t end = begin + kernel[dim];
    return std::min(end, input.getDimSize(2 + dim)) -
           std::max<int64_t>(begin, 0);
  };
  int64_t oh = result.getDimSize(2), ow = result.getDimSize(3);
  SmallVector<float> values;
  for (int64_t y = 0; y < oh; ++y)
    for (int64_t x = 0; x < ow; ++x)
      values.push_back(1.0f / float(countAlong(0, y) * countAlong(1, x)));
  return DenseElementsAttr::get(
      RankedTensorType::get({oh, ow}, result.getElementType()),
      ArrayRef<float>(values));
}

struct AvgPool2DToLinalg : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Type elem = type.getElementType();
    if (!elem.isF32())
      return rewriter.notifyMatchFailure(op, "only f32 is supported");
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPads(), 0.0);
    Value init =
        buildFilled(rewriter, loc, type, buildScalar(rewriter, loc, elem, 0));
    Value sum =
        linalg::PoolingNchwSumOp::create(
            rewriter, loc, TypeRange{type},
            ValueRange{input,
                       windowTensor(rewriter, loc, op.getKernelShape(), elem)},
            ValueRange{init}, rewriter.getI64VectorAttr(op.getStrides()),
            rewriter.getI64VectorAttr({1, 1}))
            .getResult(0);
    MLIRContext *ctx = op.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(4);
    Value result;
    if (op.getCountIncludePad()) {
      ArrayRef<int64_t> k = op.getKernelShape();
      double inverse = 1.0 / double(k[0] * k[1]);
      result = buildElementwise(
          rewriter, loc, type, {sum}, {identity},
          [&](OpBuilder &b, Location l, ValueRange args) {
            return arith::MulFOp::create(
                b, l, args[0], buildScalar(b, l, args[0].getType(), inverse));
          });
    } else {
      Value inverse = arith::ConstantOp::create(
          rewriter, loc,
          inverseWindowCounts(op.getInput().getType(), type,
                              op.getKernelShape(), op.getStrides(),
                              op.getPads()));
      AffineMap spatial = AffineMap::get(
          4, 0, {getAffineDimExpr(2, ctx), getAffineDimExpr(3, ctx)}, ctx);
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

void dlc::populateGraphConvolutionToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<Conv2DToLinalg, MaxPool2DToLinalg, AvgPool2DToLinalg,
               GlobalAvgPoolToLinalg>(typeConverter, patterns.getContext());
}
