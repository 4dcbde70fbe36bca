//===- HostKernels.h - CPU kernels of a GPU program -------------*- C++ -*-===//
//
// A program with kernels on the GPU and on the CPU is one host program (the
// CUDA pipeline: launches, copies, calls of CPU kernels) plus its CPU
// kernels, compiled apart by the CPU pipeline and linked in before LLVM IR.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_COMPILER_HOSTKERNELS_H
#define DLC_COMPILER_HOSTKERNELS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace dlc {

/// A module of copies of `program`'s kernels placed on the CPU (outlined
/// functions with `dlc.device = "cpu"`), made public for the CPU pipeline.
mlir::OwningOpRef<mlir::ModuleOp> extractHostKernels(mlir::ModuleOp program);

/// Moves the lowered (LLVM dialect) host kernels into the lowered program,
/// replacing its declarations of them; `kernels` is left empty. A symbol
/// both define otherwise (constants, helper functions) is renamed in
/// `kernels` first. Fails if a declaration's type differs from the
/// definition's.
mlir::LogicalResult linkHostKernels(mlir::ModuleOp program,
                                    mlir::ModuleOp kernels);

} // namespace dlc

#endif // DLC_COMPILER_HOSTKERNELS_H
