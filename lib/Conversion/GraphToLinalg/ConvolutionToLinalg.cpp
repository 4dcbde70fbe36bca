//===- ConvolutionToLinalg.cpp - conv2d to linalg ------------------------===//
//
// Padding becomes an explicit tensor.pad so the linalg named ops see a valid
// window everywhere; bias initializes the convolution's accumulator.
//
//===----------------------------------------------------------------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct Conv2DToLinalg : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Value input =
        buildPadded(rewriter, loc, adaptor.getInput(), op.getPads(),
                    buildScalar(rewriter, loc, type.getElementType(), 0));
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

} // namespace

void dlc::populateGraphConvolutionToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<Conv2DToLinalg>(typeConverter, patterns.getContext());
}
