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

template <typename ReduceOp>
LogicalResult reduce(NodeContext &ctx, int64_t axesInputSince,
                     bool negate = false) {
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
  if (negate)
    x = graph::NegOp::create(ctx.builder, ctx.loc, x);
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
    value = graph::NegOp::create(ctx.builder, ctx.loc, value);
  ctx.setResult(0, value);
  return success();
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
    return reduce<graph::ReduceMaxOp>(c, 18, /*negate=*/true);
  };
}
