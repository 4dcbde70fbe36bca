//===- Passes.td - dlc dialect-independent transforms ------*- tablegen -*-===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcExpandStridedCopiesPass
    : Pass<"dlc-expand-strided-copies", "::mlir::func::FuncOp"> {
  let summary = "Turn memref.copy between non-contiguous buffers into loops";
  let description = [{
    Bufferization copies into and out of subviews (padding, concatenation,
    strided slices). Contiguous copies lower to memcpy; the others would call
    the `memrefCopy` library function, which an artifact must not depend on.
    This pass rewrites them to `linalg.copy`, which becomes plain loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
