//===- WidenStridedReads.cpp - strided vector reads as wide loads ---------===//
//
// A vector read of every s-th element (a stride-2 convolution's window
// view) lowers lane by lane: a scalar load and an insert per lane. Read as
// one contiguous vector spanning the same elements and shuffled, it is a
// few wide loads and shuffles.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCWIDENSTRIDEDREADSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
/// Strides up to this read at most this many times the elements they use.
constexpr int64_t kMaxWidenedStride = 4;

struct WidenStridedRead : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<MemRefType>(read.getBase().getType());
    VectorType vectorType = read.getVectorType();
    // 1-D reads, or reads whose outer vector dims are unit (a register
    // tile's 1x16 row of B).
    if (!type || vectorType.getRank() == 0 || type.getRank() == 0 ||
        read.getMask() || !read.getPermutationMap().isMinorIdentity() ||
        !llvm::all_of(read.getInBoundsValues(), [](bool b) { return b; }) ||
        !llvm::all_of(vectorType.getShape().drop_back(),
                      [](int64_t d) { return d == 1; }))
      return failure();
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(type.getStridesAndOffset(strides, offset)))
      return failure();
    int64_t stride = strides.back();
    int64_t last = type.getDimSize(type.getRank() - 1);
    if (ShapedType::isDynamic(stride) || stride <= 1 ||
        stride > kMaxWidenedStride || !type.hasStaticShape() ||
        llvm::any_of(strides, ShapedType::isDynamic))
      return failure();

    // The same elements as a view with unit innermost stride.
    Location loc = read.getLoc();
    auto metadata =
        memref::ExtractStridedMetadataOp::create(rewriter, loc, read.getBase());
    SmallVector<int64_t> shape(type.getShape());
    shape.back() = stride * (last - 1) + 1;
    SmallVector<int64_t> staticStrides = strides;
    staticStrides.back() = 1;
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(rewriter.getContext(), shape);
    SmallVector<OpFoldResult> newStrides =
        getAsIndexOpFoldResult(rewriter.getContext(), staticStrides);
    auto wideType = MemRefType::get(
        shape, type.getElementType(),
        StridedLayoutAttr::get(rewriter.getContext(), offset, staticStrides),
        type.getMemorySpace());
    Value wide = memref::ReinterpretCastOp::create(
        rewriter, loc, wideType, metadata.getBaseBuffer(),
        ShapedType::isDynamic(offset)
            ? OpFoldResult(metadata.getOffset())
            : OpFoldResult(rewriter.getIndexAttr(offset)),
        sizes, newStrides);

    SmallVector<Value> indices(read.getIndices());
    indices.back() = arith::MulIOp::create(
        rewriter, loc, indices.back(),
        arith::ConstantIndexOp::create(rewriter, loc, stride));
    int64_t lanes = vectorType.getNumElements();
    int64_t span = stride * (lanes - 1) + 1;
    SmallVector<int64_t> wideShape(vectorType.getShape());
    wideShape.back() = span;
    auto wideVector = VectorType::get(wideShape, vectorType.getElementType());
    Value loaded = vector::TransferReadOp::create(
        rewriter, loc, wideVector, wide, indices, read.getPadding(),
        SmallVector<bool>(wideShape.size(), true));
    auto flat = VectorType::get({span}, vectorType.getElementType());
    if (wideShape.size() > 1)
      loaded = vector::ShapeCastOp::create(rewriter, loc, flat, loaded);
    SmallVector<int64_t> picked;
    for (int64_t lane = 0; lane < lanes; ++lane)
      picked.push_back(lane * stride);
    Value shuffled =
        vector::ShuffleOp::create(rewriter, loc, loaded, loaded, picked);
    if (vectorType.getRank() > 1)
      shuffled =
          vector::ShapeCastOp::create(rewriter, loc, vectorType, shuffled);
    rewriter.replaceOp(read, shuffled);
    return success();
  }
};

struct DlcWidenStridedReadsPass
    : dlc::impl::DlcWidenStridedReadsPassBase<DlcWidenStridedReadsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<WidenStridedRead>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
