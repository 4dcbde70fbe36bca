//===- StructuredBuilders.cpp - build linalg ops for graph lowering -------===//

#include "StructuredBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;

Type dlc::getSignlessType(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return getSignlessType(tensor);
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSignless())
    return type;
  return IntegerType::get(type.getContext(), integer.getWidth());
}

RankedTensorType dlc::getSignlessType(RankedTensorType type) {
  return type.clone(getSignlessType(type.getElementType()));
}

bool dlc::isUnsignedElement(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

Value dlc::buildExtremeValue(OpBuilder &b, Location loc, Type type,
                             bool isUnsigned, bool lowest) {
  if (isa<FloatType>(type))
    return buildScalar(b, loc, type, lowest ? -INFINITY : INFINITY);
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = isUnsigned ? (lowest ? APInt::getMinValue(width)
                                     : APInt::getMaxValue(width))
                           : (lowest ? APInt::getSignedMinValue(width)
                                     : APInt::getSignedMaxValue(width));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

AffineMap dlc::getBroadcastMap(RankedTensorType operand,
                               RankedTensorType result) {
  MLIRContext *ctx = result.getContext();
  int64_t offset = result.getRank() - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < operand.getRank(); ++i) {
    bool broadcast =
        operand.getDimSize(i) == 1 && result.getDimSize(i + offset) != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(i + offset, ctx));
  }
  return AffineMap::get(result.getRank(), 0, exprs, ctx);
}

Value dlc::buildElementwise(OpBuilder &b, Location loc,
                            RankedTensorType resultType, ValueRange inputs,
                            ArrayRef<AffineMap> inputMaps, ScalarBuilder body) {
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value dlc::buildBroadcastElementwise(OpBuilder &b, Location loc,
                                     RankedTensorType resultType,
                                     ValueRange inputs, ScalarBuilder body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(input.getType()), resultType));
  return buildElementwise(b, loc, resultType, inputs, maps, body);
}

Value dlc::buildScalar(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value dlc::buildPadded(OpBuilder &b, Location loc, Value input,
                       ArrayRef<int64_t> pads, Value value) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  size_t padded = pads.size() / 2, first = type.getRank() - padded;
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> low(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(type.getRank(), b.getIndexAttr(0));
  for (size_t i = 0; i < padded; ++i) {
    shape[first + i] += pads[i] + pads[padded + i];
    low[first + i] = b.getIndexAttr(pads[i]);
    high[first + i] = b.getIndexAttr(pads[padded + i]);
  }
  return tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                               value);
}

Value dlc::buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                       Value value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value dlc::buildReduction(OpBuilder &b, Location loc, Value input,
                          ArrayRef<bool> reduced, Value init,
                          ScalarBuilder combine) {
  auto inputType = cast<RankedTensorType>(input.getType());
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> outputExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < inputType.getRank(); ++i) {
    if (reduced[i]) {
      iterators.push_back(utils::IteratorType::reduction);
      continue;
    }
    iterators.push_back(utils::IteratorType::parallel);
    shape.push_back(inputType.getDimSize(i));
    outputExprs.push_back(getAffineDimExpr(i, ctx));
  }
  auto resultType = RankedTensorType::get(shape, inputType.getElementType());
  Value filled = buildFilled(b, loc, resultType, init);
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(inputType.getRank()),
      AffineMap::get(inputType.getRank(), 0, outputExprs, ctx)};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{input}, ValueRange{filled},
      maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                combine(nested, nestedLoc, args));
      });
  return generic.getResult(0);
}

Value dlc::buildReshape(OpBuilder &b, Location loc, Value input,
                        RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  if (inputType.getRank() > resultType.getRank())
    if (auto reassociation =
            getReassociationIndicesForReshape(inputType, resultType))
      return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                             *reassociation);
  if (inputType.getRank() < resultType.getRank())
    if (auto reassociation =
            getReassociationIndicesForReshape(resultType, inputType))
      return tensor::ExpandShapeOp::create(b, loc, resultType, input,
                                           *reassociation);
  // No single reassociation: go through a 1-D tensor.
  auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                        inputType.getElementType());
  SmallVector<ReassociationIndices> toFlat(1);
  for (int64_t i = 0; i < inputType.getRank(); ++i)
    toFlat[0].push_back(i);
  if (inputType.getRank() == 0)
    toFlat.clear();
  Value flat = input;
  if (inputType.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(b, loc, flatType, input, toFlat);
  else if (inputType.getRank() > 1)
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, input, toFlat);
  if (resultType.getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> fromFlat(1);
  for (int64_t i = 0; i < resultType.getRank(); ++i)
    fromFlat[0].push_back(i);
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, flat,
                                           ArrayRef<ReassociationIndices>{});
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, fromFlat);
}
