//===- ElementwiseToLinalg.cpp - elementwise graph ops to linalg ----------===//
//
// Elementwise ops become one linalg.generic each, reading broadcast operands
// through indexing maps instead of materializing the broadcast.
//
//===----------------------------------------------------------------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// Builds the scalar computation of one elementwise op.
using ScalarFn = Value (*)(OpBuilder &, Location, Operation *, ValueRange);

template <typename SourceOp>
struct ElementwiseToGeneric : OpConversionPattern<SourceOp> {
  ElementwiseToGeneric(const TypeConverter &typeConverter, MLIRContext *ctx,
                       ScalarFn fn)
      : OpConversionPattern<SourceOp>(typeConverter, ctx), fn(fn) {}

  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type =
        getSignlessType(cast<RankedTensorType>(op->getResult(0).getType()));
    Operation *source = op.getOperation();
    Value result = buildBroadcastElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return fn(b, loc, source, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  ScalarFn fn;
};

bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

/// Whether the graph op computes on unsigned integers (its scalar operands
/// in the linalg body are signless).
bool hasUnsignedOperands(Operation *op) {
  return isUnsignedElement(op->getOperand(0).getType());
}

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return buildScalar(b, loc, like.getType(), value);
}

Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = constantLike(b, loc, x, 1.0);
  Value negExp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, negExp));
}

Value gelu(OpBuilder &b, Location loc, Value x, bool tanhApproximation) {
  Value half = constantLike(b, loc, x, 0.5);
  Value one = constantLike(b, loc, x, 1.0);
  Value inner;
  if (tanhApproximation) {
    // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
    Value x3 =
        arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value poly = arith::AddFOp::create(
        b, loc, x,
        arith::MulFOp::create(b, loc, constantLike(b, loc, x, 0.044715), x3));
    inner = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(
            b, loc, constantLike(b, loc, x, 0.7978845608028654), poly));
  } else {
    inner = math::ErfOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, x,
                              constantLike(b, loc, x, 0.7071067811865476)));
  }
  Value factor = arith::AddFOp::create(b, loc, one, inner);
  return arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, half, x),
                               factor);
}

/// Converts a scalar between element types with ONNX Cast semantics. `in`
/// and `to` are signless; the flags say which integers are unsigned.
Value castScalar(OpBuilder &b, Location loc, Value in, Type to,
                 bool fromUnsigned = false, bool toUnsigned = false) {
  Type from = in.getType();
  if (from == to)
    return in;
  auto toInt = dyn_cast<IntegerType>(to);
  auto fromInt = dyn_cast<IntegerType>(from);
  if (toInt && toInt.getWidth() == 1) {
    Value zero = constantLike(b, loc, in, 0.0);
    if (fromInt)
      return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, in, zero);
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, in, zero);
  }
  bool zeroExtends = fromInt && (fromUnsigned || fromInt.getWidth() == 1);
  if (fromInt && isa<FloatType>(to))
    return zeroExtends ? Value(arith::UIToFPOp::create(b, loc, to, in))
                       : Value(arith::SIToFPOp::create(b, loc, to, in));
  if (isa<FloatType>(from) && toInt)
    return toUnsigned ? Value(arith::FPToUIOp::create(b, loc, to, in))
                      : Value(arith::FPToSIOp::create(b, loc, to, in));
  if (fromInt && toInt) {
    if (fromInt.getWidth() < toInt.getWidth())
      return zeroExtends ? Value(arith::ExtUIOp::create(b, loc, to, in))
                         : Value(arith::ExtSIOp::create(b, loc, to, in));
    return arith::TruncIOp::create(b, loc, to, in);
  }
  auto fromFloat = cast<FloatType>(from), toFloat = cast<FloatType>(to);
  if (fromFloat.getWidth() < toFloat.getWidth())
    return arith::ExtFOp::create(b, loc, to, in);
  return arith::TruncFOp::create(b, loc, to, in);
}

/// Scalar bodies, one per op.
template <typename FloatOp, typename IntOp>
Value arithBinary(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  if (isFloat(args[0]))
    return FloatOp::create(b, loc, args[0], args[1]);
  return IntOp::create(b, loc, args[0], args[1]);
}

template <typename MathOp>
Value mathUnary(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  return MathOp::create(b, loc, args[0]);
}

Value negScalar(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  if (isFloat(args[0]))
    return arith::NegFOp::create(b, loc, args[0]);
  return arith::SubIOp::create(b, loc, constantLike(b, loc, args[0], 0),
                               args[0]);
}

Value powScalar(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  return math::PowFOp::create(b, loc, args[0], args[1]);
}

Value sigmoidScalar(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  return sigmoid(b, loc, args[0]);
}

Value reluScalar(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  return arith::MaximumFOp::create(b, loc, args[0],
                                   constantLike(b, loc, args[0], 0.0));
}

Value geluScalar(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  return gelu(b, loc, args[0], cast<GeluOp>(op).getApproximate() == "tanh");
}

Value clampScalar(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  auto clamp = cast<ClampOp>(op);
  Value result = args[0];
  if (auto min = clamp.getMin())
    result = arith::MaximumFOp::create(
        b, loc, result, constantLike(b, loc, result, min->convertToDouble()));
  if (auto max = clamp.getMax())
    result = arith::MinimumFOp::create(
        b, loc, result, constantLike(b, loc, result, max->convertToDouble()));
  return result;
}

Value castOpScalar(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  Type to = cast<CastOp>(op).getType();
  return castScalar(b, loc, args[0], getSignlessType(getElementTypeOrSelf(to)),
                    hasUnsignedOperands(op), isUnsignedElement(to));
}

Value absScalar(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  if (isFloat(args[0]))
    return math::AbsFOp::create(b, loc, args[0]);
  if (hasUnsignedOperands(op))
    return args[0];
  return math::AbsIOp::create(b, loc, args[0]);
}

/// Binary ops whose integer form depends on signedness (max, min).
template <typename FloatOp, typename SignedOp, typename UnsignedOp>
Value signedBinary(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  if (isFloat(args[0]))
    return FloatOp::create(b, loc, args[0], args[1]);
  if (hasUnsignedOperands(op))
    return UnsignedOp::create(b, loc, args[0], args[1]);
  return SignedOp::create(b, loc, args[0], args[1]);
}

Value notScalar(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  return arith::XOrIOp::create(b, loc, args[0],
                               constantLike(b, loc, args[0], 1));
}

Value compareScalar(OpBuilder &b, Location loc, Operation *op,
                    ValueRange args) {
  StringRef direction = cast<CompareOp>(op).getDirection();
  if (isFloat(args[0])) {
    auto predicate = llvm::StringSwitch<arith::CmpFPredicate>(direction)
                         .Case("eq", arith::CmpFPredicate::OEQ)
                         .Case("ne", arith::CmpFPredicate::UNE)
                         .Case("lt", arith::CmpFPredicate::OLT)
                         .Case("le", arith::CmpFPredicate::OLE)
                         .Case("gt", arith::CmpFPredicate::OGT)
                         .Default(arith::CmpFPredicate::OGE);
    return arith::CmpFOp::create(b, loc, predicate, args[0], args[1]);
  }
  bool u = hasUnsignedOperands(op);
  auto predicate =
      llvm::StringSwitch<arith::CmpIPredicate>(direction)
          .Case("eq", arith::CmpIPredicate::eq)
          .Case("ne", arith::CmpIPredicate::ne)
          .Case("lt", u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt)
          .Case("le", u ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle)
          .Case("gt", u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt)
          .Default(u ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge);
  return arith::CmpIOp::create(b, loc, predicate, args[0], args[1]);
}

Value selectScalar(OpBuilder &b, Location loc, Operation *, ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

Value identityScalar(OpBuilder &, Location, Operation *, ValueRange args) {
  return args[0];
}

/// batch_norm: per-channel operands are read along dimension 1.
struct BatchNormToGeneric : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = op.getType();
    MLIRContext *ctx = op.getContext();
    AffineMap channel =
        AffineMap::get(type.getRank(), 0, getAffineDimExpr(1, ctx));
    SmallVector<AffineMap> maps = {
        rewriter.getMultiDimIdentityMap(type.getRank()), channel, channel,
        channel, channel};
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type,
        {adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
         adaptor.getMean(), adaptor.getVariance()},
        maps, [&](OpBuilder &b, Location loc, ValueRange args) {
          Value x = args[0], scale = args[1], bias = args[2], mean = args[3],
                var = args[4];
          Value invStd = math::RsqrtOp::create(
              b, loc,
              arith::AddFOp::create(b, loc, var,
                                    constantLike(b, loc, var, epsilon)));
          Value centered = arith::SubFOp::create(b, loc, x, mean);
          Value scaled = arith::MulFOp::create(
              b, loc, centered, arith::MulFOp::create(b, loc, invStd, scale));
          return arith::AddFOp::create(b, loc, scaled, bias);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
/// x86 traps on an integer division by 0 and on INT_MIN / -1. Lanes with
/// divisor 0 or -1 divide by 1 instead and take their result from `special`
/// (x / -1 = -x, x % -1 = 0; by 0, ONNX leaves it undefined and dlc gives 0).
struct SafeDivisor {
  Value divisor, isZero, isMinusOne;
};
SafeDivisor safeDivisor(OpBuilder &b, Location loc, Value rhs) {
  Value zero = constantLike(b, loc, rhs, 0), one = constantLike(b, loc, rhs, 1);
  Value minusOne = constantLike(b, loc, rhs, -1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, minusOne);
  Value special = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  return {arith::SelectOp::create(b, loc, special, one, rhs), isZero,
          isMinusOne};
}

/// Shifts of unsigned integers; by the bit width or more (poison in LLVM)
/// gives 0.
Value bitShiftScalar(OpBuilder &b, Location loc, Operation *op,
                     ValueRange args) {
  Value lhs = args[0], rhs = args[1];
  Value shifted = cast<BitShiftOp>(op).getDirection() == "left"
                      ? Value(arith::ShLIOp::create(b, loc, lhs, rhs))
                      : Value(arith::ShRUIOp::create(b, loc, lhs, rhs));
  Value width =
      constantLike(b, loc, rhs, lhs.getType().getIntOrFloatBitWidth());
  Value inRange =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, rhs, width);
  return arith::SelectOp::create(b, loc, inRange, shifted,
                                 constantLike(b, loc, lhs, 0));
}

/// Unsigned division and remainder: only a divisor of 0 traps (it gives 0).
template <typename UnsignedOp>
Value unsignedDivision(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Value zero = constantLike(b, loc, rhs, 0), one = constantLike(b, loc, rhs, 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  Value result = UnsignedOp::create(
      b, loc, lhs, arith::SelectOp::create(b, loc, isZero, one, rhs));
  return arith::SelectOp::create(b, loc, isZero, zero, result);
}

/// Integer division truncates; see SafeDivisor for 0 and -1.
Value divScalar(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  Value lhs = args[0], rhs = args[1];
  if (isFloat(lhs))
    return arith::DivFOp::create(b, loc, lhs, rhs);
  if (hasUnsignedOperands(op))
    return unsignedDivision<arith::DivUIOp>(b, loc, lhs, rhs);
  SafeDivisor safe = safeDivisor(b, loc, rhs);
  Value zero = constantLike(b, loc, lhs, 0);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, safe.divisor);
  Value negated = arith::SubIOp::create(b, loc, zero, lhs);
  quotient =
      arith::SelectOp::create(b, loc, safe.isMinusOne, negated, quotient);
  return arith::SelectOp::create(b, loc, safe.isZero, zero, quotient);
}

/// ONNX Mod: arith's remainders take the dividend's sign (C's fmod); with
/// fmod = false the result moves to the divisor's sign. See SafeDivisor for
/// integer divisors 0 and -1 (both give 0).
Value modScalar(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  Value lhs = args[0], rhs = args[1];
  if (isFloat(lhs))
    return arith::RemFOp::create(b, loc, lhs, rhs);
  if (hasUnsignedOperands(op))
    return unsignedDivision<arith::RemUIOp>(b, loc, lhs, rhs);
  Value zero = constantLike(b, loc, rhs, 0);
  Value rem =
      arith::RemSIOp::create(b, loc, lhs, safeDivisor(b, loc, rhs).divisor);
  if (cast<ModOp>(op).getFmod())
    return rem;
  Value remNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, rem, zero);
  Value divisorNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, rhs, zero);
  Value signsDiffer =
      arith::XOrIOp::create(b, loc, remNegative, divisorNegative);
  Value nonZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rem, zero);
  Value adjust = arith::AndIOp::create(b, loc, signsDiffer, nonZero);
  return arith::SelectOp::create(b, loc, adjust,
                                 arith::AddIOp::create(b, loc, rem, rhs), rem);
}
} // namespace

void dlc::populateGraphElementwiseToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ElementwiseToGeneric<AddOp>>(
      typeConverter, ctx, arithBinary<arith::AddFOp, arith::AddIOp>);
  patterns.add<ElementwiseToGeneric<SubOp>>(
      typeConverter, ctx, arithBinary<arith::SubFOp, arith::SubIOp>);
  patterns.add<ElementwiseToGeneric<MulOp>>(
      typeConverter, ctx, arithBinary<arith::MulFOp, arith::MulIOp>);
  patterns.add<ElementwiseToGeneric<DivOp>>(typeConverter, ctx, divScalar);
  patterns.add<ElementwiseToGeneric<MaximumOp>>(
      typeConverter, ctx,
      signedBinary<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>);
  patterns.add<ElementwiseToGeneric<MinimumOp>>(
      typeConverter, ctx,
      signedBinary<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>);
  patterns.add<ElementwiseToGeneric<ModOp>>(typeConverter, ctx, modScalar);
  patterns.add<ElementwiseToGeneric<BitShiftOp>>(typeConverter, ctx,
                                                 bitShiftScalar);
  patterns.add<ElementwiseToGeneric<PowOp>>(typeConverter, ctx, powScalar);
  patterns.add<ElementwiseToGeneric<NegOp>>(typeConverter, ctx, negScalar);
  patterns.add<ElementwiseToGeneric<ExpOp>>(typeConverter, ctx,
                                            mathUnary<math::ExpOp>);
  patterns.add<ElementwiseToGeneric<LogOp>>(typeConverter, ctx,
                                            mathUnary<math::LogOp>);
  patterns.add<ElementwiseToGeneric<SqrtOp>>(typeConverter, ctx,
                                             mathUnary<math::SqrtOp>);
  patterns.add<ElementwiseToGeneric<RsqrtOp>>(typeConverter, ctx,
                                              mathUnary<math::RsqrtOp>);
  patterns.add<ElementwiseToGeneric<TanhOp>>(typeConverter, ctx,
                                             mathUnary<math::TanhOp>);
  patterns.add<ElementwiseToGeneric<ErfOp>>(typeConverter, ctx,
                                            mathUnary<math::ErfOp>);
  patterns.add<ElementwiseToGeneric<SigmoidOp>>(typeConverter, ctx,
                                                sigmoidScalar);
  patterns.add<ElementwiseToGeneric<ReluOp>>(typeConverter, ctx, reluScalar);
  patterns.add<ElementwiseToGeneric<GeluOp>>(typeConverter, ctx, geluScalar);
  patterns.add<ElementwiseToGeneric<ClampOp>>(typeConverter, ctx, clampScalar);
  patterns.add<ElementwiseToGeneric<CastOp>>(typeConverter, ctx, castOpScalar);
  patterns.add<ElementwiseToGeneric<FloorOp>>(typeConverter, ctx,
                                              mathUnary<math::FloorOp>);
  patterns.add<ElementwiseToGeneric<CeilOp>>(typeConverter, ctx,
                                             mathUnary<math::CeilOp>);
  patterns.add<ElementwiseToGeneric<RoundOp>>(typeConverter, ctx,
                                              mathUnary<math::RoundEvenOp>);
  patterns.add<ElementwiseToGeneric<SinOp>>(typeConverter, ctx,
                                            mathUnary<math::SinOp>);
  patterns.add<ElementwiseToGeneric<CosOp>>(typeConverter, ctx,
                                            mathUnary<math::CosOp>);
  patterns.add<ElementwiseToGeneric<TanOp>>(typeConverter, ctx,
                                            mathUnary<math::TanOp>);
  patterns.add<ElementwiseToGeneric<AsinOp>>(typeConverter, ctx,
                                             mathUnary<math::AsinOp>);
  patterns.add<ElementwiseToGeneric<AcosOp>>(typeConverter, ctx,
                                             mathUnary<math::AcosOp>);
  patterns.add<ElementwiseToGeneric<AtanOp>>(typeConverter, ctx,
                                             mathUnary<math::AtanOp>);
  patterns.add<ElementwiseToGeneric<SinhOp>>(typeConverter, ctx,
                                             mathUnary<math::SinhOp>);
  patterns.add<ElementwiseToGeneric<CoshOp>>(typeConverter, ctx,
                                             mathUnary<math::CoshOp>);
  patterns.add<ElementwiseToGeneric<AsinhOp>>(typeConverter, ctx,
                                              mathUnary<math::AsinhOp>);
  patterns.add<ElementwiseToGeneric<AcoshOp>>(typeConverter, ctx,
                                              mathUnary<math::AcoshOp>);
  patterns.add<ElementwiseToGeneric<AtanhOp>>(typeConverter, ctx,
                                              mathUnary<math::AtanhOp>);
  patterns.add<ElementwiseToGeneric<AbsOp>>(typeConverter, ctx, absScalar);
  patterns.add<ElementwiseToGeneric<NotOp>>(typeConverter, ctx, notScalar);
  patterns.add<ElementwiseToGeneric<CompareOp>>(typeConverter, ctx,
                                                compareScalar);
  patterns.add<ElementwiseToGeneric<SelectOp>>(typeConverter, ctx,
                                               selectScalar);
  patterns.add<ElementwiseToGeneric<BroadcastToOp>>(typeConverter, ctx,
                                                    identityScalar);
  patterns.add<BatchNormToGeneric>(typeConverter, ctx);
}
