//===- ReductionNodes.cpp - ONNX reductions -------------------------------===//

#include "NodeImporter.h"

#include <cmath>

using namespace mlir;
using namespace dlc::onnx_import;
namespace graph = dlc::graph;

namespace {
/// Reads the axes of a reduction: an input (ReduceSum since opset 13, the
/// others since 18) or the `axes` attribute.
FailureOr<SmallVector<int64_t>> reductionAxes(NodeContext &ctx,
                                              bool axesAsInput) {
  if (axesAsInput) {
    if (!ctx.hasInput(1))
      return SmallVector<int64_t>{};
    return ctx.constantInts(1);
  }
  return ctx.intsAttr("axes");
}

/// What a composite reduction applies before and after its sum/max.
enum class Wrap { None, Negate, Abs, Square, SquareSqrt, Log, ExpLog };

template <typename ReduceOp>
LogicalResult reduce(NodeContext &ctx, int64_t axesInputSince,
                     Wrap wrap = Wrap::None) {
  bool negate = wrap == Wrap::Negate;
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto axes = reductionAxes(ctx, ctx.opset >= axesInputSince);
  if (failed(axes))
    return failure();
  if (axes->empty() && ctx.intAttr("noop_with_empty_axes", 0)) {
    ctx.setResult(0, x);
    return success();
  }
  OpBuilder &b = ctx.builder;
  if (negate)
    x = graph::NegOp::create(b, ctx.loc, x);
  else if (wrap == Wrap::Abs)
    x = graph::AbsOp::create(b, ctx.loc, x);
  else if (wrap == Wrap::Square || wrap == Wrap::SquareSqrt)
    x = ctx.valueOrNull(ctx.create<graph::MulOp>({x, x}));
  else if (wrap == Wrap::ExpLog)
    x = graph::ExpOp::create(b, ctx.loc, x);
  auto result = ctx.create<ReduceOp>(
      {x},
      {ctx.builder.getNamedAttr("axes",
                                ctx.builder.getDenseI64ArrayAttr(*axes)),
       ctx.builder.getNamedAttr(
           "keepdims", ctx.builder.getBoolAttr(ctx.intAttr("keepdims", 1)))});
  if (failed(result))
    return failure();
  Value value = *result;
  if (negate)
    value = graph::NegOp::create(b, ctx.loc, value);
  else if (wrap == Wrap::SquareSqrt)
    value = graph::SqrtOp::create(b, ctx.loc, value);
  else if (wrap == Wrap::Log || wrap == Wrap::ExpLog)
    value = graph::LogOp::create(b, ctx.loc, value);
  ctx.setResult(0, value);
  return success();
}
/// ArgMax, and ArgMin as the argmax of the negated input.
LogicalResult argExtremum(NodeContext &ctx, bool minimum) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  if (minimum)
    x = graph::NegOp::create(ctx.builder, ctx.loc, x);
  auto result = ctx.create<graph::ArgMaxOp>(
      {x},
      {ctx.builder.getNamedAttr(
           "axis", ctx.builder.getI64IntegerAttr(ctx.intAttr("axis", 0))),
       ctx.builder.getNamedAttr(
           "keepdims", ctx.builder.getBoolAttr(ctx.intAttr("keepdims", 1))),
       ctx.builder.getNamedAttr(
           "select_last_index",
           ctx.builder.getBoolAttr(ctx.intAttr("select_last_index", 0)))});
  return ctx.bindResult(result);
}
} // namespace

namespace {
NamedAttribute named(NodeContext &ctx, StringRef name, Attribute value) {
  return ctx.builder.getNamedAttr(name, value);
}

/// NegativeLogLikelihoodLoss of log-probabilities `input` [N, C, d...] at
/// classes `target` [N, d...]: -input[n, target, d...], times weight[target]
/// when class weights are given; targets equal to `ignore_index` count
/// nothing. Reduced by `reduction` (none, sum, or mean: divided by the
/// summed weights).
FailureOr<Value> negativeLogLikelihood(NodeContext &ctx, Value input,
                                       Value target, Value weight) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType.getRank() < 2)
    return ctx.emitError() << "expects an input of rank >= 2";
  Type element = inputType.getElementType();
  Type i64 = ctx.builder.getI64Type();
  auto targetType = cast<RankedTensorType>(target.getType());
  target = graph::CastOp::create(ctx.builder, ctx.loc, targetType.clone(i64),
                                 target);
  // Ignored targets pick class 0 and weigh 0.
  Value ignored;
  if (ctx.hasAttr("ignore_index")) {
    auto same = ctx.create<graph::CompareOp>(
        {target, ctx.scalar(float(ctx.intAttr("ignore_index", 0)), i64)},
        {named(ctx, "direction", ctx.builder.getStringAttr("eq"))});
    if (failed(same))
      return failure();
    ignored = *same;
    auto safe =
        ctx.create<graph::SelectOp>({ignored, ctx.scalar(0, i64), target});
    if (failed(safe))
      return failure();
    target = *safe;
  }
  SmallVector<int64_t> spread(targetType.getShape());
  spread.insert(spread.begin() + 1, 1);
  auto picked = ctx.create<graph::GatherElementsOp>(
      {input, ctx.reshape(target, spread)},
      {named(ctx, "axis", ctx.builder.getI64IntegerAttr(1))});
  if (failed(picked))
    return failure();
  Value loss = graph::NegOp::create(
      ctx.builder, ctx.loc, ctx.reshape(*picked, targetType.getShape()));
  Value weights;
  if (weight) {
    auto w = ctx.create<graph::GatherOp>(
        {weight, target},
        {named(ctx, "axis", ctx.builder.getI64IntegerAttr(0))});
    if (failed(w))
      return failure();
    weights = *w;
  }
  if (ignored) {
    Value kept = weights ? weights : ctx.scalar(1, element);
    auto w =
        ctx.create<graph::SelectOp>({ignored, ctx.scalar(0, element), kept});
    if (failed(w))
      return failure();
    weights = *w;
  }
  if (weights) {
    auto weighted = ctx.create<graph::MulOp>({loss, weights});
    if (failed(weighted))
      return failure();
    loss = *weighted;
  }
  std::string reduction = ctx.stringAttr("reduction", "mean");
  if (reduction == "none")
    return loss;
  auto sumAll = [&](Value v) {
    return ctx.create<graph::ReduceSumOp>(
        {v}, {named(ctx, "keepdims", ctx.builder.getBoolAttr(false))});
  };
  auto total = sumAll(loss);
  if (failed(total) || reduction == "sum")
    return total;
  if (reduction != "mean")
    return ctx.emitError() << "unknown reduction '" << reduction << "'";
  if (!weights)
    return ctx.create<graph::DivOp>(
        {*total, ctx.scalar(float(targetType.getNumElements()), element)});
  auto weightTotal = sumAll(weights);
  if (failed(weightTotal))
    return failure();
  return ctx.create<graph::DivOp>({*total, *weightTotal});
}

LogicalResult negativeLogLikelihoodLoss(NodeContext &ctx) {
  Value input = ctx.input(0), target = ctx.input(1);
  if (!input || !target)
    return failure();
  Value weight = ctx.hasInput(2) ? ctx.input(2) : Value();
  return ctx.bindResult(negativeLogLikelihood(ctx, input, target, weight));
}

/// TopK with a constant k: k rounds of argmax along the axis, each masking
/// the element it picked (with -inf, or the type's lowest integer), so the
/// first of equal values comes first; `largest = 0` runs on the negated
/// input. O(k * n): meant for small k (top-5, beam search, MoE routing).
LogicalResult topK(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto kValues = ctx.constantInts(1);
  if (!x || failed(kValues))
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  auto checked = ctx.axisAttr("axis", -1, rank);
  if (failed(checked))
    return failure();
  int64_t axis = *checked;
  int64_t k = kValues->front(), n = type.getDimSize(axis);
  if (kValues->size() != 1 || k < 1 || k > n)
    return ctx.emitError() << "k must be in [1, " << n << "]";
  Type element = type.getElementType();
  if (!isa<FloatType>(element) && !element.isSignlessInteger())
    return ctx.emitError() << "TopK of " << type << " is not supported";
  bool largest = ctx.intAttr("largest", 1) != 0;
  Value work = largest ? x : graph::NegOp::create(ctx.builder, ctx.loc, x);
  Value lowest;
  if (isa<FloatType>(element))
    lowest = ctx.scalar(-INFINITY, element);
  else
    lowest = ctx.constant(DenseElementsAttr::get(
        RankedTensorType::get({}, element),
        APInt::getSignedMinValue(element.getIntOrFloatBitWidth())));
  SmallVector<int64_t> positionShape(rank, 1), positions;
  positionShape[axis] = n;
  for (int64_t i = 0; i < n; ++i)
    positions.push_back(i);
  Value iota = ctx.constant(DenseElementsAttr::get(
      RankedTensorType::get(positionShape, ctx.builder.getI64Type()),
      ArrayRef<int64_t>(positions)));
  SmallVector<Value> values, indices;
  for (int64_t round = 0; round < k; ++round) {
    auto best = ctx.create<graph::ArgMaxOp>(
        {work}, {named(ctx, "axis", ctx.builder.getI64IntegerAttr(axis)),
                 named(ctx, "keepdims", ctx.builder.getBoolAttr(true))});
    if (failed(best))
      return failure();
    auto value = ctx.create<graph::GatherElementsOp>(
        {x, *best}, {named(ctx, "axis", ctx.builder.getI64IntegerAttr(axis))});
    auto picked = ctx.create<graph::CompareOp>(
        {iota, *best},
        {named(ctx, "direction", ctx.builder.getStringAttr("eq"))});
    if (failed(value) || failed(picked))
      return failure();
    values.push_back(*value);
    indices.push_back(*best);
    if (round + 1 < k) {
      auto masked = ctx.create<graph::SelectOp>({*picked, lowest, work});
      if (failed(masked))
        return failure();
      work = *masked;
    }
  }
  auto concat = [&](ArrayRef<Value> parts) -> FailureOr<Value> {
    if (parts.size() == 1)
      return parts.front();
    return ctx.create<graph::ConcatOp>(
        parts, {named(ctx, "axis", ctx.builder.getI64IntegerAttr(axis))});
  };
  auto allValues = concat(values), allIndices = concat(indices);
  if (failed(allValues) || failed(allIndices))
    return failure();
  ctx.setResult(0, *allValues);
  ctx.setResult(1, *allIndices);
  return success();
}

/// SoftmaxCrossEntropyLoss: the NLL loss of log(softmax(scores)) along the
/// class axis; the optional second output is those log-probabilities.
LogicalResult softmaxCrossEntropyLoss(NodeContext &ctx) {
  Value scores = ctx.input(0), labels = ctx.input(1);
  if (!scores || !labels)
    return failure();
  auto probabilities = graph::SoftmaxOp::create(ctx.builder, ctx.loc, scores);
  probabilities.setAxis(1);
  if (failed(probabilities.verify()))
    return failure();
  Value logProb = graph::LogOp::create(ctx.builder, ctx.loc, probabilities);
  Value weight = ctx.hasInput(2) ? ctx.input(2) : Value();
  auto loss = negativeLogLikelihood(ctx, logProb, labels, weight);
  if (failed(loss))
    return failure();
  ctx.setResult(0, *loss);
  if (ctx.node.output_size() > 1 && !ctx.node.output(1).empty())
    ctx.setResult(1, logProb);
  return success();
}
} // namespace

void dlc::onnx_import::registerReductionNodes(NodeHandlerMap &handlers) {
  handlers["NegativeLogLikelihoodLoss"] = negativeLogLikelihoodLoss;
  handlers["SoftmaxCrossEntropyLoss"] = softmaxCrossEntropyLoss;
  handlers["TopK"] = topK;
  handlers["ReduceSum"] = [](NodeContext &c) {
    return reduce<graph::ReduceSumOp>(c, 13);
  };
  handlers["ReduceMean"] = [](NodeContext &c) {
    return reduce<graph::ReduceMeanOp>(c, 18);
  };
  handlers["ReduceMax"] = [](NodeContext &c) {
    return reduce<graph::ReduceMaxOp>(c, 18);
  };
  // min(x) = -max(-x)
  handlers["ReduceMin"] = [](NodeContext &c) {
    return reduce<graph::ReduceMaxOp>(c, 18, Wrap::Negate);
  };
  handlers["ReduceProd"] = [](NodeContext &c) {
    return reduce<graph::ReduceProdOp>(c, 18);
  };
  handlers["ArgMax"] = [](NodeContext &c) { return argExtremum(c, false); };
  handlers["ArgMin"] = [](NodeContext &c) { return argExtremum(c, true); };
  handlers["ReduceL1"] = [](NodeContext &c) {
    return reduce<graph::ReduceSumOp>(c, 18, Wrap::Abs);
  };
  handlers["ReduceL2"] = [](NodeContext &c) {
    return reduce<graph::ReduceSumOp>(c, 18, Wrap::SquareSqrt);
  };
  handlers["ReduceSumSquare"] = [](NodeContext &c) {
    return reduce<graph::ReduceSumOp>(c, 18, Wrap::Square);
  };
  handlers["ReduceLogSum"] = [](NodeContext &c) {
    return reduce<graph::ReduceSumOp>(c, 18, Wrap::Log);
  };
  handlers["ReduceLogSumExp"] = [](NodeContext &c) {
    return reduce<graph::ReduceSumOp>(c, 18, Wrap::ExpLog);
  };
}
