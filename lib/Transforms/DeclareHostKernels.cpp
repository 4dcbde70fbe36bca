//===- DeclareHostKernels.cpp - CPU kernels called from a GPU program -----===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/SymbolTable.h"

namespace dlc {
#define GEN_PASS_DEF_DLCDECLAREHOSTKERNELSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

using dlc::graph::kDeviceAttrName;
using dlc::graph::kHostDevice;

namespace {
/// The leading arguments that the kernel only reads.
unsigned countInputs(func::FuncOp kernel) {
  unsigned inputs = 0;
  while (inputs < kernel.getNumArguments()) {
    auto access = kernel.getArgAttrOfType<StringAttr>(
        inputs, bufferization::BufferizationDialect::kBufferAccessAttrName);
    if (!access || access.getValue() != "read")
      break;
    ++inputs;
  }
  return inputs;
}

struct DlcDeclareHostKernelsPass
    : dlc::impl::DlcDeclareHostKernelsPassBase<DlcDeclareHostKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto kernel : module.getOps<func::FuncOp>()) {
      auto device = kernel->getAttrOfType<StringAttr>(kDeviceAttrName);
      if (!device || device.getValue() != kHostDevice || kernel.isExternal())
        continue;
      Builder builder(kernel);
      IntegerAttr inputs = builder.getI64IntegerAttr(countInputs(kernel));
      std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(kernel, module);
      for (const SymbolTable::SymbolUse &use : *uses)
        use.getUser()->setAttr(dlc::kHostKernelInputsAttrName, inputs);
      kernel.eraseBody();
      kernel.setPrivate();
    }
  }
};
} // namespace
