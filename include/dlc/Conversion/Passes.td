//===- Passes.td - dlc conversion passes -------------------*- tablegen -*-===//

#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGraphToLinalgPass
    : Pass<"convert-dlc-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower dlc graph ops to linalg, tensor, arith and math";
  let description = [{
    Every `dlc` tensor op becomes linalg on tensors (named ops where one
    exists, linalg.generic otherwise) plus tensor/arith/math ops. An op that
    cannot be lowered is reported with its location and fails the pass.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
