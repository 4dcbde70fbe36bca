//===- StructuredBuilders.h - build linalg ops for graph lowering -*- C++
//-*-===//
//
// Builders shared by the graph-to-linalg patterns: broadcasting elementwise
// generics, reductions, fills and reshapes on static tensors.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CONVERSION_GRAPHTOLINALG_STRUCTUREDBUILDERS_H
#define DLC_LIB_CONVERSION_GRAPHTOLINALG_STRUCTUREDBUILDERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace dlc {

/// The signless form of a graph type: unsigned integers (and tensors of them)
/// become signless integers of the same width, since arith and linalg are
/// signless. Ops whose results depend on signedness read it from the graph
/// op's own types (isUnsignedElement).
mlir::Type getSignlessType(mlir::Type type);
mlir::RankedTensorType getSignlessType(mlir::RankedTensorType type);

/// Whether `type` is an unsigned integer or a tensor of them.
bool isUnsignedElement(mlir::Type type);

/// The smallest (`lowest`) or largest value of a scalar type: -inf / +inf for
/// floats, the integer range's ends for integers of the given signedness.
mlir::Value buildExtremeValue(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Type type, bool isUnsigned, bool lowest);

/// Computes one scalar result from scalar operands inside a linalg body.
using ScalarBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// The indexing map that reads `operand` broadcast (numpy rules) to `result`.
mlir::AffineMap getBroadcastMap(mlir::RankedTensorType operand,
                                mlir::RankedTensorType result);

/// linalg.generic over `resultType` reading `inputs` through `inputMaps`.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::RankedTensorType resultType,
                             mlir::ValueRange inputs,
                             llvm::ArrayRef<mlir::AffineMap> inputMaps,
                             ScalarBuilder body);

/// linalg.generic with every input broadcast to `resultType`.
mlir::Value buildBroadcastElementwise(mlir::OpBuilder &b, mlir::Location loc,
                                      mlir::RankedTensorType resultType,
                                      mlir::ValueRange inputs,
                                      ScalarBuilder body);

/// A scalar constant of `type` (float or integer) holding `value`.
mlir::Value buildScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                        double value);

/// tensor.empty of `type` filled with `value`.
mlir::Value buildFilled(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::Value value);

/// Reduces `input` over the dimensions set in `reduced`, starting from `init`
/// and folding each element in with `combine(element, accumulator)`. The
/// result drops the reduced dimensions.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<bool> reduced,
                           mlir::Value init, ScalarBuilder combine);

/// Pads the trailing `pads.size() / 2` dims of `input` by `pads` ([begin...,
/// end...]) with `value`; returns `input` when all pads are 0.
mlir::Value buildPadded(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value input, llvm::ArrayRef<int64_t> pads,
                        mlir::Value value);

/// Reshapes a static tensor to `resultType` (same element count) with
/// tensor.collapse_shape / tensor.expand_shape.
mlir::Value buildReshape(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, mlir::RankedTensorType resultType);

} // namespace dlc

#endif // DLC_LIB_CONVERSION_GRAPHTOLINALG_STRUCTUREDBUILDERS_H
