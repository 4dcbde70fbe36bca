//===- CacheDeviceConstants.cpp - weights copied to the GPU once ----------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

namespace dlc {
#define GEN_PASS_DEF_DLCCACHEDEVICECONSTANTSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
/// The device copy that dlc-place-buffers-on-gpu made of a constant global:
/// `%device = gpu.alloc`, filled by `gpu.memcpy %device, %global`, freed by
/// `gpu.dealloc`, otherwise only read.
struct DeviceCopy {
  memref::GetGlobalOp global;
  gpu::AllocOp alloc;
  SmallVector<Operation *> fills, frees;
};

std::optional<DeviceCopy> matchDeviceCopy(gpu::AllocOp alloc,
                                          SymbolTable &symbols) {
  if (alloc.getAsyncToken() || !alloc.getDynamicSizes().empty())
    return std::nullopt;
  DeviceCopy copy{nullptr, alloc, {}, {}};
  for (Operation *user : alloc.getMemref().getUsers()) {
    if (auto memcpy = dyn_cast<gpu::MemcpyOp>(user)) {
      auto global = memcpy.getSrc().getDefiningOp<memref::GetGlobalOp>();
      if (memcpy.getDst() != alloc.getMemref() || !global ||
          (copy.global && global.getName() != copy.global.getName()))
        return std::nullopt;
      copy.global = global;
      copy.fills.push_back(user);
    } else if (isa<gpu::DeallocOp>(user)) {
      copy.frees.push_back(user);
    } else if (isa<memref::CopyOp>(user) &&
               cast<memref::CopyOp>(user).getTarget() == alloc.getMemref()) {
      return std::nullopt;
    }
  }
  if (!copy.global)
    return std::nullopt;
  auto global = symbols.lookup<memref::GlobalOp>(copy.global.getName());
  if (!global || !global.getConstant())
    return std::nullopt;
  return copy;
}

struct DlcCacheDeviceConstantsPass
    : dlc::impl::DlcCacheDeviceConstantsPassBase<DlcCacheDeviceConstantsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    OpBuilder builder(&getContext());
    DenseMap<Type, func::FuncOp> lookups;
    auto lookupFor = [&](MemRefType type) {
      func::FuncOp &decl = lookups[type];
      if (decl)
        return decl;
      builder.setInsertionPointToEnd(module.getBody());
      decl = func::FuncOp::create(
          builder, module.getLoc(),
          (dlc::kDeviceConstantPrefix + Twine(lookups.size() - 1)).str(),
          builder.getFunctionType({type, builder.getI64Type()}, {type}));
      decl.setPrivate();
      symbols.insert(decl);
      return decl;
    };
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      Block &entry = func.getBody().front();
      SmallVector<DeviceCopy> copies;
      func.walk([&](gpu::AllocOp alloc) {
        if (std::optional<DeviceCopy> copy = matchDeviceCopy(alloc, symbols))
          copies.push_back(*copy);
      });
      // At the start, before the first GPU operation: the lookup then needs
      // no synchronization with the run's stream.
      Operation *insertAfter = nullptr;
      for (DeviceCopy &copy : copies) {
        auto type = cast<MemRefType>(copy.alloc.getType());
        func::FuncOp lookup = lookupFor(type);
        if (insertAfter)
          copy.global->moveAfter(insertAfter);
        else
          copy.global->moveBefore(&entry, entry.begin());
        builder.setInsertionPointAfter(copy.global);
        int64_t bytes =
            type.getNumElements() * type.getElementTypeBitWidth() / 8;
        Value size = arith::ConstantIntOp::create(builder, copy.alloc.getLoc(),
                                                  bytes, 64);
        auto call =
            func::CallOp::create(builder, copy.alloc.getLoc(), lookup,
                                 ValueRange{copy.global.getResult(), size});
        insertAfter = call;
        copy.alloc.getMemref().replaceAllUsesWith(call.getResult(0));
        for (Operation *op : llvm::concat<Operation *>(copy.fills, copy.frees))
          op->erase();
        copy.alloc->erase();
      }
    }
  }
};
} // namespace
