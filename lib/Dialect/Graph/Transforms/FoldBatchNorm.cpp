//===- FoldBatchNorm.cpp - batch_norm into conv2d / gemm weights ----------===//
//
// Inference batch norm is a per-channel affine map, so after a convolution
// or a linear layer with constant weights it folds into them:
//   bn(conv(x, W, b)) = conv(x, W * s, (b - mean) * s + beta),
//   s = gamma / sqrt(var + eps)
// which removes a full pass over the activation.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace dlc::graph {
#define GEN_PASS_DEF_DLCFOLDBATCHNORMPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
/// The f32 values of a constant tensor, or nothing if `value` is not one.
std::optional<SmallVector<float>> constantValues(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

/// Per-channel scale s and shift t with bn(y) = y * s + t.
struct ChannelAffine {
  SmallVector<float> scale, shift;
};

std::optional<ChannelAffine> channelAffine(BatchNormOp bn) {
  auto gamma = constantValues(bn.getScale());
  auto beta = constantValues(bn.getBias());
  auto mean = constantValues(bn.getMean());
  auto variance = constantValues(bn.getVariance());
  if (!gamma || !beta || !mean || !variance)
    return std::nullopt;
  ChannelAffine affine;
  float epsilon = bn.getEpsilon().convertToFloat();
  for (size_t c = 0; c < gamma->size(); ++c) {
    float s = (*gamma)[c] / std::sqrt((*variance)[c] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back((*beta)[c] - (*mean)[c] * s);
  }
  return affine;
}

Value createConstant(PatternRewriter &rewriter, Location loc,
                     ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return ConstantOp::create(rewriter, loc,
                            DenseElementsAttr::get(type, values));
}

/// batch_norm(conv2d(x, W, b)) -> conv2d(x, W', b') for constant W, b and
/// batch-norm parameters, when the batch norm is the convolution's only user.
struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a conv2d used once");
    auto weight = constantValues(conv.getWeight());
    auto affine = channelAffine(bn);
    if (!weight || !affine)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    int64_t filters = weightType.getDimSize(0);
    std::optional<SmallVector<float>> bias(SmallVector<float>(filters, 0.0f));
    if (conv.getBias())
      bias = constantValues(conv.getBias());
    if (!bias)
      return rewriter.notifyMatchFailure(bn, "non-constant conv bias");

    int64_t perFilter = weightType.getNumElements() / filters;
    for (int64_t f = 0; f < filters; ++f) {
      for (int64_t i = 0; i < perFilter; ++i)
        (*weight)[f * perFilter + i] *= affine->scale[f];
      (*bias)[f] = (*bias)[f] * affine->scale[f] + affine->shift[f];
    }
    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value newWeight =
        createConstant(rewriter, loc, weightType.getShape(), *weight);
    Value newBias = createConstant(rewriter, loc, {filters}, *bias);
    auto folded = Conv2DOp::create(rewriter, loc, bn.getType(), conv.getInput(),
                                   newWeight, newBias, conv.getStridesAttr(),
                                   conv.getPadsAttr(), conv.getDilationsAttr(),
                                   conv.getGroupAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// batch_norm(gemm(a, B, c)) -> gemm(a, B', c') for constant B, c (of shape
/// [N] or [1, N], or absent) and batch-norm parameters.
struct FoldBatchNormIntoGemm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<GemmOp>();
    if (!gemm || !gemm->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a gemm used once");
    auto weight = constantValues(gemm.getB());
    auto affine = channelAffine(bn);
    if (!weight || !affine)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    auto resultType = cast<RankedTensorType>(gemm.getType());
    int64_t columns = resultType.getDimSize(1);
    SmallVector<float> c(columns, 0.0f);
    if (Value cValue = gemm.getC()) {
      auto cType = cast<RankedTensorType>(cValue.getType());
      auto values = constantValues(cValue);
      if (!values || cType.getNumElements() != columns ||
          cType.getDimSize(cType.getRank() - 1) != columns)
        return rewriter.notifyMatchFailure(bn, "c is not a constant row");
      float beta = gemm.getBeta().convertToFloat();
      for (int64_t n = 0; n < columns; ++n)
        c[n] = beta * (*values)[n];
    }

    auto weightType = cast<RankedTensorType>(gemm.getB().getType());
    bool transposed = gemm.getTransB();
    int64_t depth = weightType.getDimSize(transposed ? 1 : 0);
    for (int64_t k = 0; k < depth; ++k)
      for (int64_t n = 0; n < columns; ++n)
        (*weight)[transposed ? n * depth + k : k * columns + n] *=
            affine->scale[n];
    for (int64_t n = 0; n < columns; ++n)
      c[n] = c[n] * affine->scale[n] + affine->shift[n];

    Location loc = rewriter.getFusedLoc({gemm.getLoc(), bn.getLoc()});
    Value newWeight =
        createConstant(rewriter, loc, weightType.getShape(), *weight);
    Value newC = createConstant(rewriter, loc, {columns}, c);
    auto folded =
        GemmOp::create(rewriter, loc, resultType, gemm.getA(), newWeight, newC,
                       gemm.getAlphaAttr(), rewriter.getF32FloatAttr(1.0f),
                       gemm.getTransAAttr(), gemm.getTransBAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(gemm);
    return success();
  }
};

struct DlcFoldBatchNormPass
    : dlc::graph::impl::DlcFoldBatchNormPassBase<DlcFoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void dlc::graph::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoConv, FoldBatchNormIntoGemm>(
      patterns.getContext());
}
