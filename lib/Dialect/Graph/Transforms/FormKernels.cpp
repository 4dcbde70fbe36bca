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
      wrapInKernel(op, device);
  }
};
} // namespace
