//===- DropEmptyEntryTensors.cpp - no zero-element tensors in the ABI -----===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace dlc::graph {
#define GEN_PASS_DEF_DLCDROPEMPTYENTRYTENSORSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
bool hasNoElements(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getNumElements() == 0;
}

LogicalResult dropEmptyTensors(func::FuncOp fn) {
  Block &entry = fn.getBody().front();
  OpBuilder builder(&entry, entry.begin());
  llvm::BitVector emptyArgs(fn.getNumArguments());
  for (BlockArgument arg : entry.getArguments()) {
    if (!hasNoElements(arg.getType()))
      continue;
    auto type = cast<RankedTensorType>(arg.getType());
    arg.replaceAllUsesWith(ConstantOp::create(
        builder, arg.getLoc(),
        DenseElementsAttr::get(type, ArrayRef<Attribute>{})));
    emptyArgs.set(arg.getArgNumber());
  }
  if (failed(fn.eraseArguments(emptyArgs)))
    return failure();

  llvm::BitVector emptyResults(fn.getNumResults());
  for (auto [i, type] : llvm::enumerate(fn.getResultTypes()))
    if (hasNoElements(type))
      emptyResults.set(i);
  if (emptyResults.none())
    return success();
  fn.walk([&](func::ReturnOp ret) { ret->eraseOperands(emptyResults); });
  return fn.eraseResults(emptyResults);
}

struct DlcDropEmptyEntryTensorsPass
    : dlc::graph::impl::DlcDropEmptyEntryTensorsPassBase<
          DlcDropEmptyEntryTensorsPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal() && failed(dropEmptyTensors(fn)))
        return signalPassFailure();
  }
};
} // namespace
