//===- PlaceBuffersOnGPU.cpp - a program's buffers in device memory -------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_DLCPLACEBUFFERSONGPUPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

struct Accesses {
  bool read = false, written = false;
};

/// How `buffer` is accessed, directly or through views of it. Unknown users
/// count as both.
Accesses findAccesses(Value buffer) {
  Accesses result;
  SmallVector<Value> worklist{buffer};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() == value) {
          llvm::append_range(worklist, user->getResults());
          continue;
        }
      }
      if (isa<func::ReturnOp>(user))
        continue;
      auto effects = dyn_cast<MemoryEffectOpInterface>(user);
      if (!effects) {
        result.read = result.written = true;
        continue;
      }
      SmallVector<MemoryEffects::EffectInstance> instances;
      effects.getEffectsOnValue(value, instances);
      for (const MemoryEffects::EffectInstance &instance : instances) {
        result.read |= isa<MemoryEffects::Read>(instance.getEffect());
        result.written |= isa<MemoryEffects::Write>(instance.getEffect());
      }
    }
  }
  return result;
}

struct DlcPlaceBuffersOnGPUPass
    : dlc::impl::DlcPlaceBuffersOnGPUPassBase<DlcPlaceBuffersOnGPUPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<func::ReturnOp> returns;
    func.walk([&](func::ReturnOp op) { returns.push_back(op); });
    OpBuilder builder(&getContext());

    // Allocations in device memory.
    SmallVector<Operation *> allocs;
    func.walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp>(op))
        allocs.push_back(op);
    });
    for (Operation *op : allocs) {
      builder.setInsertionPoint(op);
      if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        gpu::DeallocOp::create(builder, op->getLoc(), /*asyncToken=*/Type(),
                               ValueRange{}, dealloc.getMemref());
        op->erase();
        continue;
      }
      auto type = cast<MemRefType>(op->getResult(0).getType());
      if (!type.getLayout().isIdentity()) {
        op->emitError("the CUDA target needs identity-layout allocations");
        return signalPassFailure();
      }
      auto alloc = gpu::AllocOp::create(
          builder, op->getLoc(), type, /*asyncToken=*/Type(), ValueRange{},
          op->getOperands(), ValueRange{}, /*hostShared=*/false);
      op->getResult(0).replaceAllUsesWith(alloc.getMemref());
      // Stack buffers had no dealloc.
      if (isa<memref::AllocaOp>(op))
        for (func::ReturnOp ret : returns) {
          builder.setInsertionPoint(ret);
          gpu::DeallocOp::create(builder, op->getLoc(), Type(), ValueRange{},
                                 alloc.getMemref());
        }
      op->erase();
    }

    // A device copy of `host`, filled on entry (`copyIn`) and written back
    // before every return (`copyOut`); uses of `host` move to the copy.
    auto mirror = [&](Value host, Location loc, bool copyIn, bool copyOut) {
      auto type = cast<MemRefType>(host.getType());
      auto device =
          gpu::AllocOp::create(builder, loc, type, nullptr, ValueRange{},
                               ValueRange{}, ValueRange{}, false);
      host.replaceAllUsesWith(device.getMemref());
      if (copyIn)
        gpu::MemcpyOp::create(builder, loc, Type(), ValueRange{},
                              device.getMemref(), host);
      for (func::ReturnOp ret : returns) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPoint(ret);
        if (copyOut)
          gpu::MemcpyOp::create(builder, loc, Type(), ValueRange{}, host,
                                device.getMemref());
        gpu::DeallocOp::create(builder, loc, Type(), ValueRange{},
                               device.getMemref());
      }
    };

    // Weights and other constants: copied to the device on every run.
    SmallVector<memref::GetGlobalOp> globals;
    func.walk([&](memref::GetGlobalOp op) { globals.push_back(op); });
    for (memref::GetGlobalOp global : globals) {
      builder.setInsertionPointAfter(global);
      mirror(global.getResult(), global.getLoc(), /*copyIn=*/true,
             /*copyOut=*/false);
    }

    // Arguments: what the program reads is copied in (inputs, and outputs
    // it reads back, such as accumulators), what it writes is copied out.
    builder.setInsertionPointToStart(&func.getBody().front());
    for (BlockArgument arg : func.getArguments()) {
      if (!isa<MemRefType>(arg.getType()) || arg.use_empty())
        continue;
      Accesses accesses = findAccesses(arg);
      mirror(arg, arg.getLoc(), accesses.read, accesses.written);
    }
  }
};
} // namespace
