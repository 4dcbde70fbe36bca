//===- OutlineKernels.cpp - dlc.kernel regions into functions -------------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace dlc::graph {
#define GEN_PASS_DEF_DLCOUTLINEKERNELSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
void outlineKernel(KernelOp kernel, func::FuncOp host, unsigned index,
                   SymbolTable &symbols, bool mixedDevices) {
  OpBuilder builder(host);
  auto type = builder.getFunctionType(kernel.getInputs().getTypes(),
                                      kernel.getResultTypes());
  auto fn = func::FuncOp::create(
      builder, kernel.getLoc(),
      (host.getSymName() + "_kernel_" + Twine(index)).str(), type);
  fn.setPrivate();
  fn->setAttr(kDeviceAttrName, kernel.getDeviceAttr());
  if (Attribute reason = kernel->getAttr(kPlacementAttrName))
    fn->setAttr(kPlacementAttrName, reason);
  // Another device's host code calls host kernels, compiled apart: they stay
  // functions, and their arguments are only read (what that code's
  // bufferization must know when it sees only a declaration).
  if (mixedDevices && kernel.getDevice() == kHostDevice) {
    fn.setNoInline(true);
    for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
      fn.setArgAttr(i,
                    bufferization::BufferizationDialect::kBufferAccessAttrName,
                    builder.getStringAttr("read"));
  }
  symbols.insert(fn, Block::iterator(host));
  fn.getBody().takeBody(kernel.getBody());

  auto yield = cast<YieldOp>(fn.getBody().front().getTerminator());
  builder.setInsertionPoint(yield);
  func::ReturnOp::create(builder, yield.getLoc(), yield.getValues());
  yield.erase();

  builder.setInsertionPoint(kernel);
  auto call =
      func::CallOp::create(builder, kernel.getLoc(), fn, kernel.getInputs());
  kernel.replaceAllUsesWith(call.getResults());
  kernel.erase();
}

struct DlcOutlineKernelsPass
    : dlc::graph::impl::DlcOutlineKernelsPassBase<DlcOutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto host : llvm::to_vector(module.getOps<func::FuncOp>())) {
      SmallVector<KernelOp> kernels;
      host.walk([&](KernelOp kernel) { kernels.push_back(kernel); });
      bool mixedDevices = llvm::any_of(kernels, [&](KernelOp kernel) {
        return kernel.getDevice() != kernels.front().getDevice();
      });
      for (auto [index, kernel] : llvm::enumerate(kernels))
        outlineKernel(kernel, host, index, symbols, mixedDevices);
    }
  }
};
} // namespace
