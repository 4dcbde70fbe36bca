//===- FormKernels.cpp - group graph ops into dlc.kernel regions ----------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace dlc::graph {
#define GEN_PASS_DEF_DLCFORMKERNELSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
/// Ops that stay in the host program instead of becoming kernels.
bool staysOnHost(Operation *op) {
  return !isa<DlcDialect>(op->getDialect()) ||
         isa<ConstantOp, KernelOp, YieldOp>(op);
}

/// Wraps `op` in a dlc.kernel on `device` and returns the kernel.
KernelOp wrapInKernel(Operation *op, StringRef device) {
  OpBuilder builder(op);
  llvm::SetVector<Value> inputs(op->operand_begin(), op->operand_end());
  auto kernel = KernelOp::create(builder, op->getLoc(), op->getResultTypes(),
                                 inputs.getArrayRef(), device);
  Block *body = builder.createBlock(&kernel.getBody());
  IRMapping mapping;
  for (Value input : inputs)
    mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
  Operation *clone = builder.clone(*op, mapping);
  YieldOp::create(builder, op->getLoc(), clone->getResults());
  op->replaceAllUsesWith(kernel.getResults());
  op->erase();
  return kernel;
}

/// An op whose results hold no elements needs no kernel: its results are
/// empty constants. (This also keeps zero-sized buffers out of kernel
/// signatures, which the bare-pointer calling convention rejects.)
bool replaceEmptyResults(Operation *op) {
  if (op->getNumResults() == 0 ||
      llvm::any_of(op->getResultTypes(), [](Type type) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        return !tensor || tensor.getNumElements() != 0;
      }))
    return false;
  OpBuilder builder(op);
  for (Value result : op->getResults()) {
    auto type = cast<RankedTensorType>(result.getType());
    result.replaceAllUsesWith(ConstantOp::create(
        builder, op->getLoc(),
        DenseElementsAttr::get(type, ArrayRef<Attribute>{})));
  }
  op->erase();
  return true;
}

struct DlcFormKernelsPass
    : dlc::graph::impl::DlcFormKernelsPassBase<DlcFormKernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<Operation *> compute;
    for (Block &block : getOperation().getBody())
      for (Operation &op : block)
        if (!staysOnHost(&op))
          compute.push_back(&op);
    for (Operation *op : compute)
      if (!replaceEmptyResults(op))
        wrapInKernel(op, device);
  }
};
} // namespace
