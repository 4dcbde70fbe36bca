//===- Graph.h - dlc graph dialect ------------------------------*- C++ -*-===//
//
// The `dlc` dialect and its ops. Include this to build or match graph IR.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_GRAPH_IR_GRAPH_H
#define DLC_DIALECT_GRAPH_IR_GRAPH_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dlc::graph {

/// Infers the numpy-broadcast result of an elementwise binary op; emits an
/// error at `loc` when the shapes or element types are incompatible.
llvm::LogicalResult
inferBroadcastResultType(std::optional<mlir::Location> loc, mlir::Type lhs,
                         mlir::Type rhs,
                         llvm::SmallVectorImpl<mlir::Type> &inferred);

/// Infers the result of reducing `input` over `axes` (all when empty).
llvm::LogicalResult
inferReductionResultType(std::optional<mlir::Location> loc, mlir::Type input,
                         llvm::ArrayRef<int64_t> axes, bool keepDims,
                         llvm::SmallVectorImpl<mlir::Type> &inferred);

/// A pooling window's attributes with their defaults filled in: one stride
/// and dilation per spatial dim (1), pads as [begin..., end...] (0).
struct PoolWindow {
  llvm::SmallVector<int64_t> kernel, strides, pads, dilations;
};
PoolWindow getPoolWindow(llvm::ArrayRef<int64_t> kernel,
                         llvm::ArrayRef<int64_t> strides,
                         llvm::ArrayRef<int64_t> pads,
                         llvm::ArrayRef<int64_t> dilations = {});

/// Returns the numpy-broadcast shape of `lhs` and `rhs`, or failure.
llvm::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Evaluates `op` at compile time if it is a dlc op whose operands are all
/// constants and its folder succeeds: its results are replaced by constants
/// (or by the values it folds to), recorded in `replaced` when given, and
/// `op` is erased. Returns whether it folded.
bool foldConstantOperation(
    mlir::Operation *op,
    llvm::DenseMap<mlir::Value, mlir::Value> *replaced = nullptr);

} // namespace dlc::graph

#include "dlc/Dialect/Graph/IR/GraphOpsDialect.h.inc"

#include "dlc/Dialect/Graph/IR/GraphEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dlc/Dialect/Graph/IR/GraphAttrs.h.inc"

#define GET_OP_CLASSES
#include "dlc/Dialect/Graph/IR/GraphOps.h.inc"

#endif // DLC_DIALECT_GRAPH_IR_GRAPH_H
