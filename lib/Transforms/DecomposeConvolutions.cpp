//===- DecomposeConvolutions.cpp - convolutions as copies and contractions ===//
//
// Every window position (kh, kw) of a convolution reads the input through a
// strided view: in[n, c, kh*dh + s*oh, kw*dw + s*ow]. Built from those views,
//  - a regular convolution is an im2col copy [N, C, KH, KW, OH, OW] (one
//    vectorizable copy per window position; none for 1x1 stride-1 windows;
//    one strided-map op for windows of more than 49 positions, or for all
//    on the GPU, where each copy would be a kernel) feeding a contraction
//    with the filter as [F, C*KH*KW];
//  - a depthwise convolution is one elementwise op summing KH*KW products of
//    views and per-channel weights, in the window order of the reference
//    loops;
//  - with direct-convolutions (CPU), a batch-1 convolution with wide output
//    rows (and a large window if strided) is one op reading the input
//    through its window map,
//    which dlc-tile-and-vectorize tiles without an im2col copy;
//  - max and sum pooling are one elementwise op combining the views.
// All are structured ops that dlc-tile-and-vectorize tiles and vectorizes.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCDECOMPOSECONVOLUTIONSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
/// Depthwise kernels are unrolled into one op and im2col into one copy per
/// window position; beyond this many positions the op would have too many
/// operands, and one-shot bufferization's analysis of that many copies into
/// one tensor grows about cubically (a 16x16 patch embedding: minutes).
constexpr int64_t kMaxUnrolledWindow = 49;

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  return getAsIndexOpFoldResult(b.getContext(), values);
}

/// The strided view of NCHW `input` (or N G C H W, spatial dims last) that
/// window position (kh, kw) reads for every output pixel.
Value windowView(OpBuilder &b, Location loc, Value input, int64_t kh,
                 int64_t kw, ArrayRef<int64_t> outSpatial,
                 ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> offsets(rank, 0), sizes(type.getShape()), steps(rank, 1);
  offsets[rank - 2] = kh * dilations[0];
  offsets[rank - 1] = kw * dilations[1];
  sizes[rank - 2] = outSpatial[0];
  sizes[rank - 1] = outSpatial[1];
  steps[rank - 2] = strides[0];
  steps[rank - 1] = strides[1];
  return tensor::ExtractSliceOp::create(b, loc, input, indexAttrs(b, offsets),
                                        indexAttrs(b, sizes),
                                        indexAttrs(b, steps));
}

SmallVector<int64_t> toVector(DenseIntElementsAttr attr) {
  return llvm::to_vector(attr.getValues<int64_t>());
}

/// Batch-1 convolutions with output rows of at least this many pixels are
/// computed directly: their register tiles (one row's columns) waste few
/// lanes. Narrower rows measured faster through im2col (ResNet-50's 28x28
/// and 14x14 layers: 8% slower direct).
constexpr int64_t kMinDirectConvolutionWidth = 48;
/// A column stride s reads each tile's input row as a span s times wider,
/// shuffled (dlc-widen-strided-reads handles up to 4). That pays off only
/// against the im2col copies of large windows: ResNet-50's 7x7 stem 12%
/// faster direct, MobileNetV2's 3x3 stem slower.
constexpr int64_t kMaxDirectColumnStride = 4, kMinStridedWindow = 25;

/// A convolution computed in place, without an im2col copy: one op over
/// loops (f, oh, ow, c, kh, kw) reading the input through the window map
/// (c, oh*sh + kh*dh, ow*sw + kw*dw), which dlc-tile-and-vectorize tiles
/// into matmul register tiles whose B rows are (every sw-th element of) the
/// input's rows. Its sum runs over (c, kh, kw) in the order of the im2col
/// contraction's K.
struct RegularToDirectConvolution : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  RegularToDirectConvolution(MLIRContext *ctx)
      : OpRewritePattern(ctx, /*benefit=*/2) {}
  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp conv,
                                PatternRewriter &rewriter) const override {
    if (!conv.hasPureTensorSemantics() || conv.hasDynamicShape())
      return failure();
    Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
    Value init = conv.getOutputs()[0];
    auto outType = cast<RankedTensorType>(init.getType());
    auto filterType = cast<RankedTensorType>(filter.getType());
    SmallVector<int64_t> strides = toVector(conv.getStrides());
    SmallVector<int64_t> dilations = toVector(conv.getDilations());
    int64_t window = filterType.getDimSize(2) * filterType.getDimSize(3);
    bool unitStrides = strides == SmallVector<int64_t>{1, 1};
    if (!unitStrides &&
        (strides[1] > kMaxDirectColumnStride || window < kMinStridedWindow))
      return failure();
    if (outType.getDimSize(0) != 1 || window == 1 ||
        outType.getDimSize(3) < kMinDirectConvolutionWidth ||
        !isa<FloatType>(outType.getElementType()))
      return failure();
    Location loc = conv.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<ReassociationIndices> dropBatch = {{0, 1}, {2}, {3}};
    Value image =
        tensor::CollapseShapeOp::create(rewriter, loc, input, dropBatch);
    Value acc = tensor::CollapseShapeOp::create(rewriter, loc, init, dropBatch);
    // Loops (f, oh, ow, c, kh, kw).
    SmallVector<AffineMap> maps = {
        AffineMap::get(6, 0, {d(0), d(3), d(4), d(5)}, ctx),
        AffineMap::get(6, 0,
                       {d(3), d(1) * strides[0] + d(4) * dilations[0],
                        d(2) * strides[1] + d(5) * dilations[1]},
                       ctx),
        AffineMap::get(6, 0, {d(0), d(1), d(2)}, ctx)};
    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    auto direct = linalg::GenericOp::create(
        rewriter, loc, TypeRange{acc.getType()}, ValueRange{filter, image},
        ValueRange{acc}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value product = arith::MulFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(
              b, l, Value(arith::AddFOp::create(b, l, args[2], product)));
        });
    direct->setAttr(dlc::kDirectConvolutionAttrName, rewriter.getUnitAttr());
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        conv, outType, direct.getResult(0), dropBatch);
    return success();
  }
};

struct RegularToIm2ColContraction : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  RegularToIm2ColContraction(MLIRContext *ctx, bool copyPerWindow)
      : OpRewritePattern(ctx), copyPerWindow(copyPerWindow) {}

  /// im2col as one copy per window position, else one op reading every
  /// window (one GPU kernel rather than KH*KW).
  bool copyPerWindow;

  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp conv,
                                PatternRewriter &rewriter) const override {
    if (!conv.hasPureTensorSemantics() || conv.hasDynamicShape())
      return failure();
    Location loc = conv.getLoc();
    Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
    Value init = conv.getOutputs()[0];
    auto inType = cast<RankedTensorType>(input.getType());
    auto filterType = cast<RankedTensorType>(filter.getType());
    auto outType = cast<RankedTensorType>(init.getType());
    Type element = outType.getElementType();
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
    int64_t f = filterType.getDimSize(0), kh = filterType.getDimSize(2),
            kw = filterType.getDimSize(3);
    int64_t oh = outType.getDimSize(2), ow = outType.getDimSize(3);
    SmallVector<int64_t> strides = toVector(conv.getStrides());
    SmallVector<int64_t> dilations = toVector(conv.getDilations());

    // cols[n, (c, kh, kw), (oh, ow)]
    Value cols;
    bool identityWindow = kh == 1 && kw == 1 && strides[0] == 1 &&
                          strides[1] == 1 && inType.getDimSize(2) == oh &&
                          inType.getDimSize(3) == ow;
    if (identityWindow) {
      cols = input;
    } else if (!copyPerWindow || kh * kw > kMaxUnrolledWindow) {
      // One op reading the windows through strided affine maps; it is not
      // vectorized, which only large windows (patch embeddings) pay for.
      MLIRContext *ctx = rewriter.getContext();
      auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
      // (n, c, i, j, oh, ow) -> input[n, c, oh*s0 + i*d0, ow*s1 + j*d1]
      AffineMap window =
          AffineMap::get(6, 0,
                         {d(0), d(1), d(4) * strides[0] + d(2) * dilations[0],
                          d(5) * strides[1] + d(3) * dilations[1]},
                         ctx);
      cols =
          linalg::GenericOp::create(
              rewriter, loc,
              TypeRange{RankedTensorType::get({n, c, kh, kw, oh, ow}, element)},
              ValueRange{input},
              ValueRange{tensor::EmptyOp::create(
                  rewriter, loc, ArrayRef<int64_t>{n, c, kh, kw, oh, ow},
                  element)},
              ArrayRef<AffineMap>{window,
                                  AffineMap::getMultiDimIdentityMap(6, ctx)},
              SmallVector<utils::IteratorType>(6,
                                               utils::IteratorType::parallel),
              [](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(b, l, args[0]);
              })
              .getResult(0);
    } else {
      Value im2col = tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<int64_t>{n, c, kh, kw, oh, ow}, element);
      for (int64_t i = 0; i < kh; ++i) {
        for (int64_t j = 0; j < kw; ++j) {
          Value view = windowView(rewriter, loc, input, i, j, {oh, ow}, strides,
                                  dilations);
          auto sliceType = RankedTensorType::get({n, c, oh, ow}, element);
          SmallVector<int64_t> offsets = {0, 0, i, j, 0, 0};
          SmallVector<int64_t> sizes = {n, c, 1, 1, oh, ow};
          SmallVector<int64_t> ones(6, 1);
          Value dest = tensor::ExtractSliceOp::create(
              rewriter, loc, sliceType, im2col, indexAttrs(rewriter, offsets),
              indexAttrs(rewriter, sizes), indexAttrs(rewriter, ones));
          Value copied =
              linalg::CopyOp::create(rewriter, loc, view, dest).getResult(0);
          im2col = tensor::InsertSliceOp::create(
              rewriter, loc, copied, im2col, indexAttrs(rewriter, offsets),
              indexAttrs(rewriter, sizes), indexAttrs(rewriter, ones));
        }
      }
      cols = im2col;
    }
    int64_t depth = c * kh * kw;
    Value colsMatrix = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({n, depth, oh * ow}, element),
        cols,
        identityWindow
            ? SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}}
            : SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}});
    Value filterMatrix = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({f, depth}, element), filter,
        SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto body = [](OpBuilder &b, Location l, ValueRange args) {
      Value product = arith::MulFOp::create(b, l, args[0], args[1]);
      linalg::YieldOp::create(
          b, l, Value(arith::AddFOp::create(b, l, args[2], product)));
    };
    if (n == 1) {
      // Batch 1 (inference): a plain matmul [F, K] x [K, OH*OW], which the
      // tiler packs into panels like any other.
      auto accType = RankedTensorType::get({f, oh * ow}, element);
      Value acc = tensor::CollapseShapeOp::create(
          rewriter, loc, accType, init,
          SmallVector<ReassociationIndices>{{0, 1}, {2, 3}});
      Value rhs = tensor::CollapseShapeOp::create(
          rewriter, loc, RankedTensorType::get({depth, oh * ow}, element),
          colsMatrix, SmallVector<ReassociationIndices>{{0, 1}, {2}});
      // acc[m, p] += filter[m, k] * cols[k, p], loops (m, p, k).
      SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {d(0), d(2)}, ctx),
                                     AffineMap::get(3, 0, {d(2), d(1)}, ctx),
                                     AffineMap::get(3, 0, {d(0), d(1)}, ctx)};
      auto matmul = linalg::GenericOp::create(
          rewriter, loc, TypeRange{accType}, ValueRange{filterMatrix, rhs},
          ValueRange{acc}, maps,
          {utils::IteratorType::parallel, utils::IteratorType::parallel,
           utils::IteratorType::reduction},
          body);
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          conv, outType, matmul.getResult(0),
          SmallVector<ReassociationIndices>{{0, 1}, {2, 3}});
      return success();
    }
    auto accType = RankedTensorType::get({n, f, oh * ow}, element);
    Value acc = tensor::CollapseShapeOp::create(
        rewriter, loc, accType, init,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    // acc[b, m, p] += filter[m, k] * cols[b, k, p], loops (b, m, p, k).
    SmallVector<AffineMap> maps = {
        AffineMap::get(4, 0, {d(1), d(3)}, ctx),
        AffineMap::get(4, 0, {d(0), d(3), d(2)}, ctx),
        AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx)};
    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    auto matmul = linalg::GenericOp::create(
        rewriter, loc, TypeRange{accType}, ValueRange{filterMatrix, colsMatrix},
        ValueRange{acc}, maps, iterators, body);
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        conv, outType, matmul.getResult(0),
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    return success();
  }
};

struct DepthwiseToWindowSum : OpRewritePattern<linalg::Conv2DNgchwGfchwOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::Conv2DNgchwGfchwOp conv,
                                PatternRewriter &rewriter) const override {
    if (!conv.hasPureTensorSemantics() || conv.hasDynamicShape())
      return failure();
    Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
    Value init = conv.getOutputs()[0];
    auto inType = cast<RankedTensorType>(input.getType());
    auto filterType = cast<RankedTensorType>(filter.getType());
    auto outType = cast<RankedTensorType>(init.getType());
    // [N, G, C/G, H, W], [G, F/G, C/G, KH, KW], [N, G, F/G, OH, OW]
    if (inType.getDimSize(2) != 1 || filterType.getDimSize(1) != 1)
      return failure();
    int64_t kh = filterType.getDimSize(3), kw = filterType.getDimSize(4);
    if (kh * kw > kMaxUnrolledWindow)
      return failure();
    Location loc = conv.getLoc();
    Type element = outType.getElementType();
    int64_t g = inType.getDimSize(1);
    int64_t oh = outType.getDimSize(3), ow = outType.getDimSize(4);
    SmallVector<int64_t> strides = toVector(conv.getStrides());
    SmallVector<int64_t> dilations = toVector(conv.getDilations());

    // The op works on [N, G, H, W]: the unit channel-per-group dim is
    // dropped (the reshapes around the convolution fold away), so the
    // elementwise ops before and after it can fuse with it.
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<ReassociationIndices> dropUnitChannel = {{0}, {1}, {2, 3}, {4}};
    auto collapse = [&](Value value) {
      return tensor::CollapseShapeOp::create(rewriter, loc, value,
                                             dropUnitChannel)
          .getResult();
    };
    Value image = collapse(input);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
    AffineMap perChannel = AffineMap::get(4, 0, getAffineDimExpr(1, ctx));
    // The accumulator's initial value (the bias) is an input, not the
    // destination: its producer can then fuse into the op.
    SmallVector<Value> inputs = {collapse(init)};
    SmallVector<AffineMap> maps = {identity};
    for (int64_t i = 0; i < kh; ++i) {
      for (int64_t j = 0; j < kw; ++j) {
        inputs.push_back(windowView(rewriter, loc, image, i, j, {oh, ow},
                                    strides, dilations));
        maps.push_back(identity);
        SmallVector<int64_t> offsets = {0, 0, 0, i, j}, sizes = {g, 1, 1, 1, 1};
        inputs.push_back(tensor::ExtractSliceOp::create(
            rewriter, loc, RankedTensorType::get({g}, element), filter,
            indexAttrs(rewriter, offsets), indexAttrs(rewriter, sizes),
            indexAttrs(rewriter, SmallVector<int64_t>(5, 1))));
        maps.push_back(perChannel);
      }
    }
    maps.push_back(identity);
    SmallVector<int64_t> resultShape = {outType.getDimSize(0), g, oh, ow};
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultShape, element);
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    auto sum = linalg::GenericOp::create(
        rewriter, loc, TypeRange{empty.getType()}, inputs, ValueRange{empty},
        maps, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value acc = args[0];
          for (size_t i = 1; i + 2 < args.size(); i += 2)
            acc = arith::AddFOp::create(
                b, l, acc, arith::MulFOp::create(b, l, args[i], args[i + 1]));
          linalg::YieldOp::create(b, l, acc);
        });
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        conv, outType, sum.getResult(0), dropUnitChannel);
    return success();
  }
};

/// 2-D pooling (max or sum) as one elementwise op over the output combining
/// the KH*KW strided views of the input with the initial value, in the
/// window order of the reference loops: out = f(...f(f(init, v00), v01)...).
template <typename PoolingOp>
struct PoolingToWindowReduce : OpRewritePattern<PoolingOp> {
  using OpRewritePattern<PoolingOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(PoolingOp pool,
                                PatternRewriter &rewriter) const override {
    if (!pool.hasPureTensorSemantics() || pool.hasDynamicShape())
      return failure();
    Value input = pool.getInputs()[0], window = pool.getInputs()[1];
    Value init = pool.getOutputs()[0];
    auto outType = cast<RankedTensorType>(init.getType());
    auto windowType = cast<RankedTensorType>(window.getType());
    if (!isa<FloatType>(outType.getElementType()))
      return failure();
    int64_t kh = windowType.getDimSize(0), kw = windowType.getDimSize(1);
    if (kh * kw > kMaxUnrolledWindow)
      return failure();
    Location loc = pool.getLoc();
    SmallVector<int64_t> strides = toVector(pool.getStrides());
    SmallVector<int64_t> dilations = toVector(pool.getDilations());
    SmallVector<int64_t> outSpatial = {outType.getDimSize(2),
                                       outType.getDimSize(3)};
    SmallVector<Value> inputs = {init};
    for (int64_t i = 0; i < kh; ++i)
      for (int64_t j = 0; j < kw; ++j)
        inputs.push_back(windowView(rewriter, loc, input, i, j, outSpatial,
                                    strides, dilations));
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps(inputs.size() + 1,
                                AffineMap::getMultiDimIdentityMap(4, ctx));
    Value empty = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                          outType.getElementType());
    constexpr bool isMax = std::is_same_v<PoolingOp, linalg::PoolingNchwMaxOp>;
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        pool, TypeRange{outType}, inputs, ValueRange{empty}, maps,
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value acc = args[0];
          for (Value value : args.drop_front().drop_back()) {
            if constexpr (isMax)
              acc = arith::MaximumFOp::create(b, l, acc, value);
            else
              acc = arith::AddFOp::create(b, l, acc, value);
          }
          linalg::YieldOp::create(b, l, acc);
        });
    return success();
  }
};

struct DlcDecomposeConvolutionsPass
    : dlc::impl::DlcDecomposeConvolutionsPassBase<
          DlcDecomposeConvolutionsPass> {
  using DlcDecomposeConvolutionsPassBase::DlcDecomposeConvolutionsPassBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (directConvolutions)
      patterns.add<RegularToDirectConvolution>(&getContext());
    patterns.add<RegularToIm2ColContraction>(&getContext(),
                                             im2colCopyPerWindow);
    patterns.add<DepthwiseToWindowSum,
                 PoolingToWindowReduce<linalg::PoolingNchwMaxOp>,
                 PoolingToWindowReduce<linalg::PoolingNchwSumOp>>(
        &getContext());
    // One rewrite per convolution; nothing to iterate.
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};
} // namespace
