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

/// Converts graph types to the signless types of arith and linalg:
/// unsigned integers (and tensors of them) become signless integers of the
/// same width; every other type is kept.
class SignlessTypeConverter : public mlir::TypeConverter {
public:
  SignlessTypeConverter();
};

/// Elementwise ops, casts and batch norm.
void populateGraphElementwiseToLinalgPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);
/// matmul and gemm.
void populateGraphContractionToLinalgPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);
/// conv2d.
void populateGraphConvolutionToLinalgPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);
/// Max (also with indices), average and global average pooling.
void populateGraphPoolingToLinalgPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);
/// Reductions, softmax and layer norm.
void populateGraphReductionToLinalgPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);
/// Constants, reshape, transpose, concat, slice and gather.
void populateGraphDataMovementToLinalgPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);

/// All of the above, plus the signless conversion of function signatures,
/// calls and returns.
void populateGraphToLinalgPatterns(const mlir::TypeConverter &typeConverter,
                                   mlir::RewritePatternSet &patterns);

} // namespace dlc

#endif // DLC_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
