//===- ExpandBF16Conversions.cpp - integer <-> bf16 through f32 -----------===//
//
// Without AVX512-BF16, LLVM converts between integers and bf16 by calling
// compiler-rt (__truncsfbf2 and friends), which an artifact cannot link
// against. Converting through f32 instead leaves only f32 <-> bf16
// conversions, which arith-expand turns into integer arithmetic. Integers of
// up to 24 bits are exact in f32, so the result is the same; larger ones are
// rounded twice (to f32, then to bf16), which can differ from the correctly
// rounded bf16 by one unit in the last place.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCEXPANDBF16CONVERSIONSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
/// `type` with its element type replaced by f32.
Type withF32Elements(Type type) {
  Type f32 = Float32Type::get(type.getContext());
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.clone(f32);
  return f32;
}

/// sitofp/uitofp to bf16 become a conversion to f32 and a truncf.
template <typename IntToFloat>
struct IntToBF16ThroughF32 : OpRewritePattern<IntToFloat> {
  using OpRewritePattern<IntToFloat>::OpRewritePattern;
  LogicalResult matchAndRewrite(IntToFloat op,
                                PatternRewriter &rewriter) const override {
    Type result = op.getType();
    if (!getElementTypeOrSelf(result).isBF16())
      return rewriter.notifyMatchFailure(op, "not a conversion to bf16");
    Value wide = IntToFloat::create(rewriter, op.getLoc(),
                                    withF32Elements(result), op.getIn());
    rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, result, wide);
    return success();
  }
};

/// fptosi/fptoui from bf16 become an extf to f32 and the conversion.
template <typename FloatToInt>
struct BF16ToIntThroughF32 : OpRewritePattern<FloatToInt> {
  using OpRewritePattern<FloatToInt>::OpRewritePattern;
  LogicalResult matchAndRewrite(FloatToInt op,
                                PatternRewriter &rewriter) const override {
    Type source = op.getIn().getType();
    if (!getElementTypeOrSelf(source).isBF16())
      return rewriter.notifyMatchFailure(op, "not a conversion from bf16");
    Value wide = arith::ExtFOp::create(rewriter, op.getLoc(),
                                       withF32Elements(source), op.getIn());
    rewriter.replaceOpWithNewOp<FloatToInt>(op, op.getType(), wide);
    return success();
  }
};

struct DlcExpandBF16ConversionsPass
    : dlc::impl::DlcExpandBF16ConversionsPassBase<
          DlcExpandBF16ConversionsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<IntToBF16ThroughF32<arith::SIToFPOp>,
                 IntToBF16ThroughF32<arith::UIToFPOp>,
                 BF16ToIntThroughF32<arith::FPToSIOp>,
                 BF16ToIntThroughF32<arith::FPToUIOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
