//===- ReductionNodes.cpp - ONNX reductions -------------------------------===//

#include "NodeImporter.h"

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
    x = *ctx.create<graph::MulOp>({x, x});
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

void dlc::onnx_import::registerReductionNodes(NodeHandlerMap &handlers) {
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
