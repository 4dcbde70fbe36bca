//===- Passes.h - dlc dialect-independent transforms ------------*- C++ -*-===//

#ifndef DLC_TRANSFORMS_PASSES_H
#define DLC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

#include "dlc/Dialect/Graph/IR/Graph.h"

namespace dlc {

/// On a call of a kernel placed on the CPU in a GPU program: how many of its
/// leading operands are inputs (the rest are out-parameters).
constexpr llvm::StringLiteral kHostKernelInputsAttrName =
    "dlc.host_kernel_inputs";

/// On a memref.copy that dlc-place-buffers-on-gpu leaves to the host: not a
/// GPU kernel.
constexpr llvm::StringLiteral kHostCopyAttrName = "dlc.host_copy";

/// Prefix of the functions through which a GPU program gets the device
/// copy of a constant (one per memref type), defined by the artifact as calls
/// of the runtime hook `dlc_artifact_hook_dlcDeviceConstant`.
constexpr llvm::StringLiteral kDeviceConstantPrefix = "dlcDeviceConstant_";
/// Marks the convolutions dlc-decompose-convolutions leaves for
/// dlc-tile-and-vectorize to compute directly (without im2col).
constexpr llvm::StringLiteral kDirectConvolutionAttrName =
    "dlc.direct_convolution";

/// On a module: the #dlc.cpu_target it is compiled for.
constexpr llvm::StringLiteral kTargetAttrName = "dlc.target";
/// On a linalg op or a constant pad: the #dlc.lowering_config chosen by
/// dlc-select-lowering.
constexpr llvm::StringLiteral kLoweringConfigAttrName = "dlc.lowering_config";

#define GEN_PASS_DECL
#include "dlc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Transforms/Passes.h.inc"

} // namespace dlc

#endif // DLC_TRANSFORMS_PASSES_H
