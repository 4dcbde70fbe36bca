//===- Passes.h - dlc graph passes ------------------------------*- C++ -*-===//

#ifndef DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_H
#define DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_H

#include "dlc/Dialect/Graph/IR/Graph.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace dlc::graph {

/// Device of an op, a kernel function, or (as a request) a pin or a hint
/// carried from a trace ("cuda:0").
constexpr llvm::StringLiteral kDeviceAttrName = "dlc.device";
/// Why an op or kernel is on its device (read by the placement report).
constexpr llvm::StringLiteral kPlacementAttrName = "dlc.placement";
/// The device that holds the host program's values (arguments, constants).
constexpr llvm::StringLiteral kHostDevice = "cpu";

/// The model's name for the op at `loc`: an ONNX node name, or the name of
/// an MLIR NameLoc; empty if it has none.
llvm::StringRef getNodeName(mlir::Location loc);

/// Ops that compute (and so are placed and formed into kernels), as opposed
/// to constants, kernels and transfers.
bool isComputeOp(mlir::Operation *op);

/// batch_norm(conv2d) and batch_norm(gemm) with constant parameters folded
/// into the producer's weights.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_DECL
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"

} // namespace dlc::graph

#endif // DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_H
