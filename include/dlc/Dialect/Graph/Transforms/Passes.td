//===- Passes.td - dlc graph passes ------------------------*- tablegen -*-===//

#ifndef DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_TD
#define DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcFormKernelsPass : Pass<"dlc-form-kernels", "::mlir::func::FuncOp"> {
  let summary = "Group graph ops into dlc.kernel regions placed on a device";
  let description = [{
    Wraps every compute op of a function in its own `dlc.kernel` carrying
    `device`. Constants stay outside kernels: they are the host's weights,
    passed to kernels as operands; ops whose results have no elements become
    empty constants. Later fusion work merges kernels; the
    structure (kernels called from a host function) stays the same.
  }];
  let options = [
    Option<"device", "device", "std::string", /*default=*/"\"cpu\"",
           "Device the formed kernels are placed on">,
  ];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcOutlineKernelsPass : Pass<"dlc-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Outline dlc.kernel regions into functions called by the host";
  let description = [{
    Each `dlc.kernel` in function `@f` becomes a private function
    `@f_kernel_<i>` with a `dlc.device` attribute, and the kernel op becomes a
    `func.call` to it. The calling function is what becomes the host program.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_TD
