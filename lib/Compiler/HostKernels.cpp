//===- HostKernels.cpp - CPU kernels of a GPU program ---------------------===//

#include "dlc/Compiler/HostKernels.h"

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace dlc;

static bool isHostKernel(Operation *op) {
  auto device = op->getAttrOfType<StringAttr>(graph::kDeviceAttrName);
  return isa<func::FuncOp>(op) && device &&
         device.getValue() == graph::kHostDevice;
}

OwningOpRef<ModuleOp> dlc::extractHostKernels(ModuleOp program) {
  OwningOpRef<ModuleOp> kernels = program.clone();
  for (Operation &op :
       llvm::make_early_inc_range(kernels->getBody()->getOperations())) {
    if (!isHostKernel(&op))
      op.erase();
    else
      cast<func::FuncOp>(op).setPublic();
  }
  return kernels;
}

LogicalResult dlc::linkHostKernels(ModuleOp program, ModuleOp kernels) {
  SymbolTable programSymbols(program);
  SymbolTable kernelSymbols(kernels);
  for (Operation &op :
       llvm::make_early_inc_range(kernels.getBody()->getOperations())) {
    auto symbol = dyn_cast<SymbolOpInterface>(op);
    if (!symbol)
      continue;
    Operation *existing = programSymbols.lookup(symbol.getName());
    if (!existing)
      continue;
    auto fn = dyn_cast<LLVM::LLVMFuncOp>(op);
    auto existingFn = dyn_cast<LLVM::LLVMFuncOp>(existing);
    // A function one side declares and the other declares or defines.
    if (fn && existingFn && (fn.isExternal() || existingFn.isExternal())) {
      if (fn.getFunctionType() != existingFn.getFunctionType())
        return op.emitError("host kernel symbol '")
               << symbol.getName() << "' has type " << fn.getFunctionType()
               << " here but " << existingFn.getFunctionType()
               << " in the GPU program";
      if (fn.isExternal()) {
        op.erase();
      } else {
        programSymbols.erase(existing);
      }
      continue;
    }
    if (failed(kernelSymbols.renameToUnique(&op, {&programSymbols})))
      return op.emitError("cannot rename '") << symbol.getName() << "'";
  }
  Block *body = program.getBody();
  for (Operation &op :
       llvm::make_early_inc_range(kernels.getBody()->getOperations()))
    op.moveBefore(body, body->end());
  return success();
}
