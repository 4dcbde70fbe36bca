//===- GraphOps.cpp - dlc graph op verification, inference, folding -------===//

#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
/// Formats a shape as `2x3x4` for diagnostics.
std::string shapeToString(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return shape.empty() ? "scalar" : text;
}

RankedTensorType rankedType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Normalizes `axis` against `rank` (negative counts from the back).
FailureOr<int64_t> normalizeAxis(std::optional<Location> loc, int64_t axis,
                                 int64_t rank) {
  if (axis < -rank || axis >= rank)
    return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                             rank);
  return axis < 0 ? axis + rank : axis;
}

/// Output size of a sliding window along one spatial dimension.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd) {
  int64_t effective = (kernel - 1) * dilation + 1;
  return (in + padBegin + padEnd - effective) / stride + 1;
}

LogicalResult verifyWindowAttrs(std::optional<Location> loc, StringRef name,
                                ArrayRef<int64_t> values, size_t size,
                                int64_t minimum) {
  if (values.size() != size)
    return emitOptionalError(loc, "'", name, "' must have ", size,
                             " entries, got ", values.size());
  if (llvm::any_of(values, [&](int64_t v) { return v < minimum; }))
    return emitOptionalError(loc, "'", name, "' entries must be >= ", minimum);
  return success();
}

/// Shared inference for sliding-window ops (conv, pooling) over N, C and
/// `kernel.size()` spatial dims.
LogicalResult inferWindowShape(std::optional<Location> loc,
                               RankedTensorType input, ArrayRef<int64_t> kernel,
                               ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> pads,
                               ArrayRef<int64_t> dilations,
                               SmallVectorImpl<int64_t> &spatial) {
  size_t rank = kernel.size();
  if (input.getRank() != int64_t(rank) + 2)
    return emitOptionalError(loc, "expects a rank-", rank + 2, " input for a ",
                             rank, "-D window, got ", input);
  if (failed(verifyWindowAttrs(loc, "strides", strides, rank, 1)) ||
      failed(verifyWindowAttrs(loc, "pads", pads, 2 * rank, 0)) ||
      failed(verifyWindowAttrs(loc, "dilations", dilations, rank, 1)) ||
      failed(verifyWindowAttrs(loc, "kernel_shape", kernel, rank, 1)))
    return failure();
  for (size_t i = 0; i < rank; ++i) {
    int64_t in = input.getDimSize(2 + i);
    int64_t out = windowOutputSize(in, kernel[i], strides[i], dilations[i],
                                   pads[i], pads[i + rank]);
    if (out < 1)
      return emitOptionalError(
          loc, "window of size ", kernel[i], " (dilation ", dilations[i],
          ") does not fit padded input size ", in + pads[i] + pads[i + rank]);
    spatial.push_back(out);
  }
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Shared inference helpers
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
dlc::graph::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1)
      return failure();
    result[i] = l == 1 ? r : l;
  }
  return result;
}

LogicalResult
dlc::graph::inferBroadcastResultType(std::optional<Location> loc, Type lhs,
                                     Type rhs,
                                     SmallVectorImpl<Type> &inferred) {
  auto lhsType = cast<RankedTensorType>(lhs);
  auto rhsType = cast<RankedTensorType>(rhs);
  if (lhsType.getElementType() != rhsType.getElementType())
    return emitOptionalError(
        loc, "operand element types differ: ", lhsType.getElementType(), " vs ",
        rhsType.getElementType());
  auto shape = broadcastShapes(lhsType.getShape(), rhsType.getShape());
  if (failed(shape))
    return emitOptionalError(
        loc, "operand shapes ", shapeToString(lhsType.getShape()), " and ",
        shapeToString(rhsType.getShape()), " are not broadcast-compatible");
  inferred.push_back(RankedTensorType::get(*shape, lhsType.getElementType()));
  return success();
}

LogicalResult
dlc::graph::inferReductionResultType(std::optional<Location> loc, Type input,
                                     ArrayRef<int64_t> axes, bool keepDims,
                                     SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(input);
  int64_t rank = type.getRank();
  llvm::SmallBitVector reduced(rank, axes.empty());
  for (int64_t axis : axes) {
    auto normalized = normalizeAxis(loc, axis, rank);
    if (failed(normalized))
      return failure();
    if (reduced.test(*normalized))
      return emitOptionalError(loc, "axis ", axis, " is listed twice");
    reduced.set(*normalized);
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.test(i))
      shape.push_back(type.getDimSize(i));
    else if (keepDims)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type)
    return emitOptionalError(loc, "value must be a ranked tensor");
  inferred.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

LogicalResult ModOp::verify() {
  if (isa<FloatType>(getType().getElementType()) && !getFmod())
    return emitOpError("a float remainder needs fmod = true (the sign of "
                       "the dividend, as ONNX requires)");
  return success();
}

LogicalResult BitShiftOp::verify() {
  if (getDirection() != "left" && getDirection() != "right")
    return emitOpError("direction must be \"left\" or \"right\", got \"")
           << getDirection() << "\"";
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("approximate must be \"none\" or \"tanh\", got \"")
           << getApproximate() << "\"";
  return success();
}

LogicalResult ClampOp::verify() {
  if (getMin() && getMax() &&
      getMin()->convertToDouble() > getMax()->convertToDouble())
    return emitOpError("min (")
           << getMin()->convertToDouble() << ") is greater than max ("
           << getMax()->convertToDouble() << ")";
  return success();
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  if (failed(inferBroadcastResultType(loc, adaptor.getLhs().getType(),
                                      adaptor.getRhs().getType(), inferred)))
    return failure();
  inferred.back() =
      cast<RankedTensorType>(inferred.back()).clone(IntegerType::get(ctx, 1));
  return success();
}

LogicalResult CompareOp::verify() {
  if (!llvm::is_contained({"eq", "ne", "lt", "le", "gt", "ge"}, getDirection()))
    return emitOpError("direction must be eq, ne, lt, le, gt or ge, got \"")
           << getDirection() << "\"";
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto onTrue = rankedType(adaptor.getOnTrue());
  auto onFalse = rankedType(adaptor.getOnFalse());
  if (onTrue.getElementType() != onFalse.getElementType())
    return emitOptionalError(
        loc, "branch element types differ: ", onTrue.getElementType(), " vs ",
        onFalse.getElementType());
  auto shape = broadcastShapes(onTrue.getShape(), onFalse.getShape());
  if (succeeded(shape))
    shape =
        broadcastShapes(*shape, rankedType(adaptor.getCondition()).getShape());
  if (failed(shape))
    return emitOptionalError(loc, "condition and branch shapes are not "
                                  "broadcast-compatible");
  inferred.push_back(RankedTensorType::get(*shape, onTrue.getElementType()));
  return success();
}

LogicalResult BroadcastToOp::verify() {
  auto input = getInput().getType();
  auto result = getType();
  auto shape = broadcastShapes(input.getShape(), result.getShape());
  if (input.getElementType() != result.getElementType() || failed(shape) ||
      *shape != result.getShape())
    return emitOpError("cannot broadcast ") << input << " to " << result;
  return success();
}


//===----------------------------------------------------------------------===//
// MatMulOp / GemmOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto lhs = rankedType(adaptor.getLhs());
  auto rhs = rankedType(adaptor.getRhs());
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return emitOptionalError(loc, "operands must have rank >= 2, got ", lhs,
                             " and ", rhs);
  ArrayRef<int64_t> l = lhs.getShape(), r = rhs.getShape();
  int64_t k = l.back(), k2 = r[r.size() - 2];
  if (k != k2)
    return emitOptionalError(loc, "contracting dimensions differ: ", lhs,
                             " has K=", k, " but ", rhs, " has K=", k2);
  auto batch = broadcastShapes(l.drop_back(2), r.drop_back(2));
  if (failed(batch))
    return emitOptionalError(loc, "batch dimensions of ", lhs, " and ", rhs,
                             " are not broadcast-compatible");
  SmallVector<int64_t> shape = *batch;
  shape.push_back(l[l.size() - 2]);
  shape.push_back(r.back());
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto a = rankedType(adaptor.getA());
  auto b = rankedType(adaptor.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOptionalError(loc, "operands A and B must be rank 2, got ", a,
                             " and ", b);
  int64_t m = adaptor.getTransA() ? a.getDimSize(1) : a.getDimSize(0);
  int64_t ka = adaptor.getTransA() ? a.getDimSize(0) : a.getDimSize(1);
  int64_t kb = adaptor.getTransB() ? b.getDimSize(1) : b.getDimSize(0);
  int64_t n = adaptor.getTransB() ? b.getDimSize(0) : b.getDimSize(1);
  if (ka != kb)
    return emitOptionalError(loc,
                             "contracting dimensions differ: op(A) has K=", ka,
                             " but op(B) has K=", kb);
  if (Value c = adaptor.getC()) {
    auto shape = broadcastShapes(rankedType(c).getShape(), {m, n});
    if (failed(shape) || *shape != ArrayRef<int64_t>{m, n})
      return emitOptionalError(loc, "C of type ", c.getType(),
                               " does not broadcast to the result ", m, "x", n);
  }
  inferred.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp / pooling
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  auto weight = rankedType(adaptor.getWeight());
  if (weight.getRank() != 4)
    return emitOptionalError(loc, "expects a rank-4 FCHW weight, got ", weight);
  int64_t group = static_cast<int64_t>(adaptor.getGroup());
  if (group < 1)
    return emitOptionalError(loc, "group must be >= 1, got ", group);
  SmallVector<int64_t> spatial;
  if (failed(inferWindowShape(loc, input, weight.getShape().drop_front(2),
                              adaptor.getStrides(), adaptor.getPads(),
                              adaptor.getDilations(), spatial)))
    return failure();
  int64_t channels = input.getDimSize(1), filters = weight.getDimSize(0);
  if (channels % group != 0 || filters % group != 0)
    return emitOptionalError(loc, "input channels (", channels,
                             ") and filters (", filters,
                             ") must be divisible by group (", group, ")");
  if (weight.getDimSize(1) != channels / group)
    return emitOptionalError(loc, "weight expects ", weight.getDimSize(1),
                             " channels per group but the input has ",
                             channels / group);
  if (Value bias = adaptor.getBias()) {
    auto biasType = rankedType(bias);
    if (biasType.getRank() != 1 || biasType.getDimSize(0) != filters)
      return emitOptionalError(loc, "bias must have shape [", filters,
                               "], got ", biasType);
  }
  inferred.push_back(RankedTensorType::get(
      {input.getDimSize(0), filters, spatial[0], spatial[1]},
      input.getElementType()));
  return success();
}

PoolWindow dlc::graph::getPoolWindow(ArrayRef<int64_t> kernel,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> pads,
                                     ArrayRef<int64_t> dilations) {
  auto orDefault = [](ArrayRef<int64_t> values, size_t size, int64_t fill) {
    return values.empty() ? SmallVector<int64_t>(size, fill)
                          : llvm::to_vector(values);
  };
  size_t rank = kernel.size();
  return {llvm::to_vector(kernel), orDefault(strides, rank, 1),
          orDefault(pads, 2 * rank, 0), orDefault(dilations, rank, 1)};
}

/// Pooling keeps N and C and slides a 2-D or 3-D window over the rest.
static FailureOr<RankedTensorType>
inferPoolType(std::optional<Location> loc, Value input, const PoolWindow &w) {
  auto type = rankedType(input);
  if (w.kernel.size() != 2 && w.kernel.size() != 3)
    return emitOptionalError(loc, "pooling windows are 2-D or 3-D, got ",
                             w.kernel.size(), " kernel_shape entries");
  SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1)};
  if (failed(inferWindowShape(loc, type, w.kernel, w.strides, w.pads,
                              w.dilations, shape)))
    return failure();
  return RankedTensorType::get(shape, type.getElementType());
}

/// Max pooling's values, plus their i64 indices if `withIndices`.
template <typename Adaptor>
static LogicalResult inferMaxPoolTypes(std::optional<Location> loc,
                                       Adaptor adaptor, bool withIndices,
                                       SmallVectorImpl<Type> &inferred) {
  auto type = inferPoolType(
      loc, adaptor.getInput(),
      getPoolWindow(adaptor.getKernelShape(), adaptor.getStrides(),
                    adaptor.getPads(), adaptor.getDilations()));
  if (failed(type))
    return failure();
  inferred.push_back(*type);
  if (withIndices)
    inferred.push_back(type->clone(IntegerType::get(type->getContext(), 64)));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferMaxPoolTypes(loc, adaptor, /*withIndices=*/false, inferred);
}

LogicalResult MaxPoolWithIndicesOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferMaxPoolTypes(loc, adaptor, /*withIndices=*/true, inferred);
}

LogicalResult MaxPoolWithIndicesOp::verify() {
  if (getStorageOrder() != 0 && getStorageOrder() != 1)
    return emitOpError("storage_order must be 0 (row-major) or 1 "
                       "(column-major), got ")
           << getStorageOrder();
  return success();
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto type =
      inferPoolType(loc, adaptor.getInput(),
                    getPoolWindow(adaptor.getKernelShape(),
                                  adaptor.getStrides(), adaptor.getPads()));
  if (failed(type))
    return failure();
  inferred.push_back(*type);
  return success();
}

LogicalResult
GlobalAvgPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  if (input.getRank() != 4)
    return emitOptionalError(loc, "expects a rank-4 NCHW input, got ", input);
  inferred.push_back(
      RankedTensorType::get({input.getDimSize(0), input.getDimSize(1), 1, 1},
                            input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  if (input.getRank() < 2)
    return emitOptionalError(loc, "expects an input of rank >= 2, got ", input);
  int64_t channels = input.getDimSize(1);
  static constexpr StringLiteral names[] = {"scale", "bias", "mean",
                                            "variance"};
  Value params[] = {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVariance()};
  for (auto [name, value] : llvm::zip(names, params)) {
    auto type = rankedType(value);
    if (type.getRank() != 1 || type.getDimSize(0) != channels)
      return emitOptionalError(loc, name, " must have shape [", channels,
                               "], got ", type);
  }
  inferred.push_back(input);
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  auto axis = normalizeAxis(loc, static_cast<int64_t>(adaptor.getAxis()),
                            input.getRank());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  for (Value param : {adaptor.getScale(), adaptor.getBias()}) {
    if (!param)
      continue;
    auto shape = broadcastShapes(rankedType(param).getShape(), normalized);
    if (failed(shape) || *shape != normalized)
      return emitOptionalError(loc, "scale/bias of type ", param.getType(),
                               " does not broadcast to the normalized shape ",
                               shapeToString(normalized));
  }
  inferred.push_back(input);
  return success();
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getType().getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  if (input.getRank() < 1)
    return emitOptionalError(loc, "expects an input of rank >= 1");
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  if (failed(inferReductionResultType(loc, input, {axis}, adaptor.getKeepdims(),
                                      inferred)))
    return failure();
  inferred.back() =
      cast<RankedTensorType>(inferred.back()).clone(IntegerType::get(ctx, 64));
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto input = getInput().getType();
  auto result = getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("element type changes from ")
           << input.getElementType() << " to " << result.getElementType();
  if (input.getNumElements() != result.getNumElements())
    return emitOpError("cannot reshape ")
           << input.getNumElements() << " elements (" << input << ") into "
           << result.getNumElements() << " elements (" << result << ")";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(getType());
  return {};
}

namespace {
/// reshape(reshape(x)) -> reshape(x).
struct FoldReshapeChain : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<ReshapeOp>();
    if (!producer)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           producer.getInput());
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<FoldReshapeChain>(context);
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (static_cast<int64_t>(perm.size()) != input.getRank())
    return emitOptionalError(loc, "perm has ", perm.size(),
                             " entries but the input has rank ",
                             input.getRank());
  llvm::SmallBitVector seen(perm.size());
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= input.getRank() || seen.test(p))
      return emitOptionalError(loc, "perm is not a permutation of [0, ",
                               input.getRank(), ")");
    seen.set(p);
    shape.push_back(input.getDimSize(p));
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

namespace {
/// gemm(a, constant b, trans_b) -> gemm(a, constant b^T): weights are
/// transposed once at compile time (PyTorch exports Linear layers this way),
/// so the product reads B row-major like any matmul.
struct TransposeConstantGemmWeight : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getTransB())
      return failure();
    auto weight = op.getB().getDefiningOp<ConstantOp>();
    if (!weight)
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(weight.getValue());
    if (!dense || !dense.getElementType().isF32())
      return failure();
    auto type = cast<RankedTensorType>(dense.getType());
    int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
    auto transposedType =
        RankedTensorType::get({cols, rows}, type.getElementType());
    DenseElementsAttr transposed;
    if (dense.isSplat()) {
      transposed = dense.reshape(transposedType);
    } else {
      SmallVector<float> values = llvm::to_vector(dense.getValues<float>());
      SmallVector<float> result(values.size());
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c)
          result[c * rows + r] = values[r * cols + c];
      transposed = DenseElementsAttr::get(transposedType, ArrayRef(result));
    }
    Value newWeight = ConstantOp::create(rewriter, weight.getLoc(), transposed);
    rewriter.modifyOpInPlace(op, [&] {
      op.getBMutable().assign(newWeight);
      op.setTransB(false);
    });
    return success();
  }
};
} // namespace

void GemmOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<TransposeConstantGemmWeight>(context);
}

namespace {
/// transpose(transpose(x, p1), p2) -> transpose(x, p1 o p2).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<TransposeOp>();
    if (!producer)
      return failure();
    SmallVector<int64_t> perm;
    for (int64_t p : op.getPerm())
      perm.push_back(producer.getPerm()[p]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, producer.getInput(), perm);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

//===----------------------------------------------------------------------===//
// ConcatOp / SliceOp / GatherOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "expects at least one input");
  auto first = rankedType(adaptor.getInputs().front());
  auto axis = normalizeAxis(loc, static_cast<int64_t>(adaptor.getAxis()),
                            first.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  for (auto [i, value] : llvm::enumerate(adaptor.getInputs())) {
    auto type = rankedType(value);
    if (type.getElementType() != first.getElementType() ||
        type.getRank() != first.getRank())
      return emitOptionalError(loc, "input #", i, " (", type,
                               ") does not match input #0 (", first, ")");
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != *axis && type.getDimSize(d) != first.getDimSize(d))
        return emitOptionalError(loc, "input #", i, " (", type,
                                 ") differs from input #0 (", first,
                                 ") outside the concatenation axis");
    shape[*axis] += type.getDimSize(*axis);
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  size_t rank = input.getRank();
  if (starts.size() != rank || ends.size() != rank || steps.size() != rank)
    return emitOptionalError(loc, "starts, ends and steps need ", rank,
                             " entries each (one per dimension)");
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t size = input.getDimSize(d);
    if (steps[d] < 1 || starts[d] < 0 || starts[d] > ends[d] || ends[d] > size)
      return emitOptionalError(loc, "dimension ", d, " of size ", size,
                               " cannot be sliced as [", starts[d], ", ",
                               ends[d], ") step ", steps[d]);
    shape.push_back((ends[d] - starts[d] + steps[d] - 1) / steps[d]);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  if (int64_t(low.size()) != input.getRank() ||
      int64_t(high.size()) != input.getRank())
    return emitOptionalError(loc, "low and high need ", input.getRank(),
                             " entries each");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < input.getRank(); ++d) {
    if (low[d] < 0 || high[d] < 0)
      return emitOptionalError(loc, "padding must be non-negative");
    shape.push_back(input.getDimSize(d) + low[d] + high[d]);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  auto indices = rankedType(adaptor.getIndices());
  if (input.getRank() < 1)
    return emitOptionalError(loc, "expects an input of rank >= 1");
  auto axis = normalizeAxis(loc, static_cast<int64_t>(adaptor.getAxis()),
                            input.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(input.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, input.getShape().drop_front(*axis + 1));
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult
GatherElementsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  auto indices = rankedType(adaptor.getIndices());
  if (input.getRank() < 1 || indices.getRank() != input.getRank())
    return emitOptionalError(loc, "expects indices of the input's rank (",
                             input.getRank(), "), got rank ",
                             indices.getRank());
  auto axis = normalizeAxis(loc, static_cast<int64_t>(adaptor.getAxis()),
                            input.getRank());
  if (failed(axis))
    return failure();
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (d != *axis && indices.getDimSize(d) > input.getDimSize(d))
      return emitOptionalError(
          loc, "indices dim ", d, " (", indices.getDimSize(d),
          ") is larger than the input's (", input.getDimSize(d), ")");
  inferred.push_back(indices.clone(input.getElementType()));
  return success();
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto input = rankedType(adaptor.getInput());
  auto indices = rankedType(adaptor.getIndices());
  int64_t batch = static_cast<int64_t>(adaptor.getBatchDims());
  if (indices.getRank() < 1 || batch < 0 || batch >= indices.getRank())
    return emitOptionalError(loc, "batch_dims (", batch,
                             ") must be less than the indices' rank (",
                             indices.getRank(), ")");
  int64_t depth = indices.getShape().back();
  if (batch + depth > input.getRank() || depth < 1)
    return emitOptionalError(
        loc, "index tuples of ", depth, " coordinates after ", batch,
        " batch dims do not fit an input of rank ", input.getRank());
  for (int64_t d = 0; d < batch; ++d)
    if (indices.getDimSize(d) != input.getDimSize(d))
      return emitOptionalError(loc, "batch dim ", d, " differs: indices ",
                               indices.getDimSize(d), ", input ",
                               input.getDimSize(d));
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, input.getShape().drop_front(batch + depth));
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

LogicalResult KernelOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("body has ")
           << body.getNumArguments() << " arguments but the kernel has "
           << getInputs().size() << " inputs";
  for (auto [arg, input] : llvm::zip(body.getArguments(), getInputs()))
    if (arg.getType() != input.getType())
      return emitOpError("body argument type ")
             << arg.getType() << " differs from input type " << input.getType();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end with dlc.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yielded types do not match the kernel's results");
  return success();
}

LogicalResult TransferOp::verify() {
  if (getSource() == getTarget())
    return emitOpError("moves a value from '")
           << getSource() << "' to the same device";
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/Graph/IR/GraphOps.cpp.inc"
