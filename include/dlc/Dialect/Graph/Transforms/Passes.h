//===- Passes.h - dlc graph passes ------------------------------*- C++ -*-===//

#ifndef DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_H
#define DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_H

#include "dlc/Dialect/Graph/IR/Graph.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc::graph {

/// Name of the function attribute that records a kernel's device.
constexpr llvm::StringLiteral kDeviceAttrName = "dlc.device";

#define GEN_PASS_DECL
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"

} // namespace dlc::graph

#endif // DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_H
