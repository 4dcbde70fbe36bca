//===- InsertTransfers.cpp - explicit cross-device data movement ----------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace dlc::graph {
#define GEN_PASS_DEF_DLCINSERTTRANSFERSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
/// The device whose memory holds `value`.
StringRef residence(Value value) {
  Operation *producer = value.getDefiningOp();
  if (auto kernel = dyn_cast_or_null<KernelOp>(producer))
    return kernel.getDevice();
  if (auto transfer = dyn_cast_or_null<TransferOp>(producer))
    return transfer.getTarget();
  return kHostDevice;
}

class TransferInserter {
public:
  /// `value` on `device`, moved there (once) if it lives elsewhere.
  Value onDevice(Value value, StringRef device) {
    StringRef source = residence(value);
    if (source == device)
      return value;
    auto key = std::make_pair(value, device);
    if (auto it = moved.find(key); it != moved.end())
      return it->second;
    OpBuilder builder(value.getContext());
    if (Operation *producer = value.getDefiningOp())
      builder.setInsertionPointAfter(producer);
    else
      builder.setInsertionPointToStart(value.getParentBlock());
    Value result =
        TransferOp::create(builder, value.getLoc(), value, source, device);
    moved[key] = result;
    return result;
  }

private:
  llvm::DenseMap<std::pair<Value, StringRef>, Value> moved;
};

struct DlcInsertTransfersPass
    : dlc::graph::impl::DlcInsertTransfersPassBase<DlcInsertTransfersPass> {
  void runOnOperation() override {
    TransferInserter inserter;
    getOperation().walk([&](Operation *op) {
      if (auto kernel = dyn_cast<KernelOp>(op)) {
        for (OpOperand &input : kernel->getOpOperands())
          input.set(inserter.onDevice(input.get(), kernel.getDevice()));
        return WalkResult::skip();
      }
      // The caller reads results in host memory.
      if (isa<func::ReturnOp>(op))
        for (OpOperand &operand : op->getOpOperands())
          operand.set(inserter.onDevice(operand.get(), kHostDevice));
      return WalkResult::advance();
    });
  }
};
} // namespace
