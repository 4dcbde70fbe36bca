//===- GraphToLinalg.h - dlc graph to linalg conversion ---------*- C++ -*-===//

#ifndef DLC_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
#define DLC_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace dlc {

#define GEN_PASS_DECL_CONVERTGRAPHTOLINALGPASS
#include "dlc/Conversion/Passes.h.inc"

/// Elementwise ops, casts and batch norm.
void populateGraphElementwiseToLinalgPatterns(
    mlir::RewritePatternSet &patterns);
/// matmul and gemm.
void populateGraphContractionToLinalgPatterns(
    mlir::RewritePatternSet &patterns);
/// conv2d and pooling.
void populateGraphConvolutionToLinalgPatterns(
    mlir::RewritePatternSet &patterns);
/// Reductions, softmax and layer norm.
void populateGraphReductionToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// Constants, reshape, transpose, concat, slice and gather.
void populateGraphDataMovementToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// All of the above.
void populateGraphToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace dlc

#endif // DLC_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
