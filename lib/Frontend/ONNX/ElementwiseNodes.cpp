//===- ElementwiseNodes.cpp - ONNX elementwise ops ------------------------===//
//
// Ops on constants (shape arithmetic in exported graphs) are evaluated by
// the ops' folders after each node (ONNXImporter.cpp), so that the shapes
// they feed stay compile-time known.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace dlc::onnx_import;
namespace graph = dlc::graph;

namespace {
template <typename OpTy> LogicalResult binary(NodeContext &ctx) {
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  if (!lhs || !rhs)
    return failure();
  auto result = ctx.create<OpTy>({lhs, rhs});
  return ctx.bindResult(result);
}

/// Max/Min/Sum take any number of inputs.
template <typename OpTy> LogicalResult variadic(NodeContext &ctx) {
  Value acc = ctx.input(0);
  if (!acc)
    return failure();
  for (int i = 1; i < ctx.node.input_size(); ++i) {
    Value next = ctx.input(i);
    if (!next)
      return failure();
    auto result = ctx.create<OpTy>({acc, next});
    if (failed(result))
      return failure();
    acc = *result;
  }
  ctx.setResult(0, acc);
  return success();
}

LogicalResult compare(NodeContext &ctx, StringRef direction) {
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  if (!lhs || !rhs)
    return failure();
  auto result = ctx.create<graph::CompareOp>(
      {lhs, rhs}, {ctx.builder.getNamedAttr(
                      "direction", ctx.builder.getStringAttr(direction))});
  return ctx.bindResult(result);
}

template <typename OpTy> LogicalResult unary(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ctx.setResult(0, OpTy::create(ctx.builder, ctx.loc, x));
  return success();
}

LogicalResult requireFloat(NodeContext &ctx, Value x) {
  Type elem = getElementTypeOrSelf(x.getType());
  if (!elem.isF32() && !elem.isF64())
    return ctx.emitError() << "expects an f32 or f64 input, got "
                           << x.getType();
  return success();
}

/// Unary ops dlc defines on floats only.
template <typename OpTy> LogicalResult floatUnary(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  ctx.setResult(0, OpTy::create(ctx.builder, ctx.loc, x));
  return success();
}

LogicalResult identity(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ctx.setResult(0, x);
  return success();
}

/// Inference Dropout is the identity; its mask keeps every element.
LogicalResult dropout(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ctx.setResult(0, x);
  if (ctx.node.output_size() > 1) {
    auto type =
        cast<RankedTensorType>(x.getType()).clone(ctx.builder.getI1Type());
    ctx.setResult(1, ctx.constant(DenseElementsAttr::get(type, true)));
  }
  return success();
}

LogicalResult reciprocal(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  Value one = ctx.scalar(1.0f, getElementTypeOrSelf(x.getType()));
  ctx.setResult(0, ctx.valueOrNull(ctx.create<graph::DivOp>({one, x})));
  return success();
}

/// Clip as maximum/minimum with the bounds.
LogicalResult integerClip(NodeContext &ctx, Value x) {
  for (int i = 1; i <= 2; ++i) {
    if (!ctx.hasInput(i))
      continue;
    Value bound = ctx.input(i);
    if (!bound)
      return failure();
    auto result = i == 1 ? ctx.create<graph::MaximumOp>({x, bound})
                         : ctx.create<graph::MinimumOp>({x, bound});
    if (failed(result))
      return failure();
    x = *result;
  }
  ctx.setResult(0, x);
  return success();
}

LogicalResult clip(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto isConstant = [&](int i) {
    DenseElementsAttr unused;
    return !ctx.hasInput(i) || matchPattern(ctx.input(i), m_Constant(&unused));
  };
  // Integer tensors, or bounds computed at run time: maximum/minimum.
  if (isa<IntegerType>(getElementTypeOrSelf(x.getType())) || !isConstant(1) ||
      !isConstant(2))
    return integerClip(ctx, x);
  SmallVector<NamedAttribute> attrs;
  static constexpr StringLiteral names[] = {"min", "max"};
  if (ctx.opset < 11) {
    // Bounds were attributes before opset 11.
    for (StringRef name : names)
      if (ctx.hasAttr(name))
        attrs.push_back(ctx.builder.getNamedAttr(
            name, ctx.builder.getF32FloatAttr(ctx.floatAttr(name, 0))));
  }
  for (auto [i, name] : llvm::enumerate(names)) {
    if (!ctx.hasInput(i + 1))
      continue;
    auto bound = ctx.constantInput(i + 1);
    if (failed(bound))
      return failure();
    if (bound->getNumElements() != 1)
      return ctx.emitError() << "bound '" << name << "' must be a scalar, got "
                             << bound->getType();
    float value = isa<FloatType>(bound->getElementType())
                      ? bound->getSplatValue<APFloat>().convertToFloat()
                      : float(bound->getSplatValue<APInt>().getSExtValue());
    attrs.push_back(
        ctx.builder.getNamedAttr(name, ctx.builder.getF32FloatAttr(value)));
  }
  auto clamp = graph::ClampOp::create(ctx.builder, ctx.loc, x.getType(), x);
  for (NamedAttribute attr : attrs)
    clamp->setAttr(attr.getName(), attr.getValue());
  if (failed(clamp.verify()))
    return failure();
  ctx.setResult(0, clamp);
  return success();
}

LogicalResult castNode(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  int64_t to = ctx.intAttr("to", 0);
  Type element = convertElementType(to, ctx.getContext());
  if (!element)
    return ctx.emitError() << "casting to " << elementTypeName(to)
                           << " is not supported";
  auto type = cast<RankedTensorType>(x.getType()).clone(element);
  ctx.setResult(0, graph::CastOp::create(ctx.builder, ctx.loc, type, x));
  return success();
}

LogicalResult where(NodeContext &ctx) {
  Value c = ctx.input(0), a = ctx.input(1), b = ctx.input(2);
  if (!c || !a || !b)
    return failure();
  auto result = ctx.create<graph::SelectOp>({c, a, b});
  return ctx.bindResult(result);
}

LogicalResult gelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  std::string approximate = ctx.stringAttr("approximate", "none");
  auto op = graph::GeluOp::create(ctx.builder, ctx.loc, x);
  op.setApproximate(approximate);
  if (failed(op.verify()))
    return failure();
  ctx.setResult(0, op);
  return success();
}

/// Pow computes in the base's float type (f64 or f32): an integer exponent
/// converts to it, an integer base round-trips through f32.
LogicalResult pow(NodeContext &ctx) {
  Value base = ctx.input(0), exponent = ctx.input(1);
  if (!base || !exponent)
    return failure();
  auto baseType = cast<RankedTensorType>(base.getType());
  Type computeType = baseType.getElementType().isF64()
                         ? Type(ctx.builder.getF64Type())
                         : Type(ctx.builder.getF32Type());
  auto convert = [&](Value v) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getElementType() == computeType)
      return v;
    return graph::CastOp::create(ctx.builder, ctx.loc, type.clone(computeType),
                                 v);
  };
  auto result = ctx.create<graph::PowOp>({convert(base), convert(exponent)});
  if (failed(result))
    return failure();
  Value value = *result;
  if (baseType.getElementType() != computeType)
    value = graph::CastOp::create(ctx.builder, ctx.loc,
                                  cast<RankedTensorType>(value.getType())
                                      .clone(baseType.getElementType()),
                                  value);
  ctx.setResult(0, value);
  return success();
}

/// Small builders for decompositions of activation functions.
struct Builder {
  NodeContext &ctx;
  Type f32;
  Value c(float v) { return ctx.scalar(v, f32); }
  Value add(Value a, Value b) {
    return ctx.valueOrNull(ctx.create<graph::AddOp>({a, b}));
  }
  Value sub(Value a, Value b) {
    return ctx.valueOrNull(ctx.create<graph::SubOp>({a, b}));
  }
  Value mul(Value a, Value b) {
    return ctx.valueOrNull(ctx.create<graph::MulOp>({a, b}));
  }
  Value div(Value a, Value b) {
    return ctx.valueOrNull(ctx.create<graph::DivOp>({a, b}));
  }
  Value exp(Value a) {
    return a ? graph::ExpOp::create(ctx.builder, ctx.loc, a) : Value();
  }
  Value log(Value a) {
    return a ? graph::LogOp::create(ctx.builder, ctx.loc, a) : Value();
  }
  Value abs(Value a) {
    return a ? graph::AbsOp::create(ctx.builder, ctx.loc, a) : Value();
  }
  Value cmp(StringRef direction, Value a, Value b) {
    return ctx.valueOrNull(ctx.create<graph::CompareOp>(
        {a, b}, {ctx.builder.getNamedAttr(
                    "direction", ctx.builder.getStringAttr(direction))}));
  }
  Value select(Value cond, Value a, Value b) {
    return ctx.valueOrNull(ctx.create<graph::SelectOp>({cond, a, b}));
  }
};

/// Decomposes an f32 activation `y = f(x)` written with Builder.
template <typename Fn> LogicalResult activation(NodeContext &ctx, Fn fn) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  Builder b{ctx, getElementTypeOrSelf(x.getType())};
  Value y = fn(b, x);
  if (!y)
    return failure();
  ctx.setResult(0, y);
  return success();
}

/// Shrink: x + bias below -lambd, x - bias above lambd, 0 between.
LogicalResult shrink(NodeContext &ctx) {
  float lambd = ctx.floatAttr("lambd", 0.5f), bias = ctx.floatAttr("bias", 0);
  return activation(ctx, [&](Builder &b, Value x) {
    return b.select(
        b.cmp("lt", x, b.c(-lambd)), b.add(x, b.c(bias)),
        b.select(b.cmp("gt", x, b.c(lambd)), b.sub(x, b.c(bias)), b.c(0)));
  });
}

/// A quantization scale or zero point shaped to broadcast along `axis` of
/// a rank-`rank` tensor (per-axis when 1-D with more than one element).
Value alongAxis(NodeContext &ctx, Value v, int64_t axis, int64_t rank) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getRank() == 0 || type.getNumElements() == 1)
    return ctx.reshape(v, {});
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = type.getNumElements();
  return ctx.reshape(v, shape);
}

/// The axis of a per-axis (1-D) quantization scale of `x`, checked against
/// x's rank and the scale's length; 0 (unused) for a per-tensor scale.
FailureOr<int64_t> quantizationAxis(NodeContext &ctx, Value x, Value scale) {
  auto scaleType = cast<RankedTensorType>(scale.getType());
  if (scaleType.getRank() == 0 || scaleType.getNumElements() == 1)
    return 0;
  auto type = cast<RankedTensorType>(x.getType());
  auto axis = ctx.axisAttr("axis", 1, type.getRank());
  if (failed(axis))
    return failure();
  if (type.getDimSize(*axis) != scaleType.getNumElements())
    return ctx.emitError() << "per-axis scale " << scaleType
                           << " does not match axis " << *axis << " of "
                           << type;
  return axis;
}

/// dlc.clamp of `v` to [low, high].
Value clampTo(NodeContext &ctx, Value v, float low, float high) {
  auto clamp = graph::ClampOp::create(ctx.builder, ctx.loc, v.getType(), v);
  clamp.setMinAttr(ctx.builder.getF32FloatAttr(low));
  clamp.setMaxAttr(ctx.builder.getF32FloatAttr(high));
  return clamp;
}

Value castTo(NodeContext &ctx, Value v, Type element) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType() == element)
    return v;
  return graph::CastOp::create(ctx.builder, ctx.loc, type.clone(element), v);
}

/// The x and scale inputs of a (de)quantization with the scale's checked
/// axis.
struct QuantizationInputs {
  Value x, scale;
  int64_t axis, rank;

  /// `v` (the scale or a zero point) in f32, broadcastable against x.
  Value perAxis(NodeContext &ctx, Value v) const {
    return alongAxis(ctx, castTo(ctx, v, ctx.builder.getF32Type()), axis, rank);
  }
};

FailureOr<QuantizationInputs> quantizationInputs(NodeContext &ctx) {
  Value x = ctx.input(0), scale = ctx.input(1);
  if (!x || !scale)
    return failure();
  auto axis = quantizationAxis(ctx, x, scale);
  if (failed(axis))
    return failure();
  return QuantizationInputs{x, scale, *axis,
                            cast<RankedTensorType>(x.getType()).getRank()};
}

/// QuantizeLinear: saturate(round_half_even(x / scale) + zero_point) in the
/// zero point's integer type (uint8 without one).
LogicalResult quantizeLinear(NodeContext &ctx) {
  auto inputs = quantizationInputs(ctx);
  if (failed(inputs))
    return failure();
  Type f32 = ctx.builder.getF32Type();
  Type target = IntegerType::get(ctx.getContext(), 8, IntegerType::Unsigned);
  Value zeroPoint;
  if (ctx.hasInput(2)) {
    zeroPoint = ctx.input(2);
    if (!zeroPoint)
      return failure();
    target = getElementTypeOrSelf(zeroPoint.getType());
  }
  auto integer = dyn_cast<IntegerType>(target);
  if (!integer || integer.getWidth() != 8)
    return ctx.emitError() << "quantizes to int8 or uint8, not " << target;
  Builder b{ctx, f32};
  Value y = graph::RoundOp::create(
      ctx.builder, ctx.loc,
      b.div(castTo(ctx, inputs->x, f32), inputs->perAxis(ctx, inputs->scale)));
  if (zeroPoint)
    y = b.add(y, inputs->perAxis(ctx, zeroPoint));
  bool isUnsigned = integer.isUnsigned();
  ctx.setResult(
      0, castTo(ctx,
                clampTo(ctx, y, isUnsigned ? 0 : -128, isUnsigned ? 255 : 127),
                target));
  return success();
}

/// DynamicQuantizeLinear: uint8 quantization with the scale and zero point
/// of x's range extended to 0: scale = (max(0, max x) - min(0, min x)) /
/// 255, zero point = saturate(round(-min / scale)). Outputs y, scale and
/// zero point.
LogicalResult dynamicQuantizeLinear(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  Type f32 = ctx.builder.getF32Type();
  Type u8 = IntegerType::get(ctx.getContext(), 8, IntegerType::Unsigned);
  Builder b{ctx, f32};
  x = castTo(ctx, x, f32);
  auto reduceAll = [&](Value v) {
    return ctx.valueOrNull(ctx.create<graph::ReduceMaxOp>(
        {v}, {ctx.builder.getNamedAttr("keepdims",
                                       ctx.builder.getBoolAttr(false))}));
  };
  auto maxOf = [&](Value a, Value c) {
    return ctx.valueOrNull(ctx.create<graph::MaximumOp>({a, c}));
  };
  Value high = maxOf(reduceAll(x), b.c(0));
  // min(0, min x) = -max(0, max(-x)).
  Value negLow =
      maxOf(reduceAll(graph::NegOp::create(ctx.builder, ctx.loc, x)), b.c(0));
  Value scale = b.div(b.add(high, negLow), b.c(255));
  auto saturate = [&](Value v) { return clampTo(ctx, v, 0, 255); };
  Value zeroPoint = saturate(
      graph::RoundOp::create(ctx.builder, ctx.loc, b.div(negLow, scale)));
  Value y = saturate(
      b.add(graph::RoundOp::create(ctx.builder, ctx.loc, b.div(x, scale)),
            zeroPoint));
  ctx.setResult(0, castTo(ctx, y, u8));
  ctx.setResult(1, scale);
  ctx.setResult(2, castTo(ctx, zeroPoint, u8));
  return success();
}

/// MeanVarianceNormalization over `axes` (default N, H, W), as ONNX defines
/// it: (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9).
LogicalResult meanVarianceNormalization(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  SmallVector<int64_t> axes = ctx.intsAttr("axes");
  if (!ctx.hasAttr("axes"))
    axes = {0, 2, 3};
  Builder b{ctx, getElementTypeOrSelf(x.getType())};
  auto mean = [&](Value v) {
    return ctx.valueOrNull(ctx.create<graph::ReduceMeanOp>(
        {v}, {ctx.builder.getNamedAttr(
                 "axes", ctx.builder.getDenseI64ArrayAttr(axes))}));
  };
  Value average = mean(x);
  Value variance = b.sub(mean(b.mul(x, x)), b.mul(average, average));
  Value deviation = graph::SqrtOp::create(ctx.builder, ctx.loc, variance);
  ctx.setResult(0, b.div(b.sub(x, average), b.add(deviation, b.c(1e-9f))));
  return success();
}

/// LRN (local response normalization over channels, AlexNet/GoogLeNet):
/// y = x / (bias + alpha / size * s)^beta, s the sum of x^2 over channels
/// c - floor((size-1)/2) .. c + ceil((size-1)/2) clipped to [0, C): a sum
/// pooling of the squares over channels (a window op, fused like the
/// depthwise convolutions) and elementwise ops.
LogicalResult localResponseNormalization(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x || failed(requireFloat(ctx, x)))
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 3 || !type.hasStaticShape())
    return ctx.emitError()
           << "LRN needs a static input of rank 3 or more (N x C x ...), got "
           << type;
  if (!ctx.hasAttr("size") || ctx.intAttr("size", 0) < 1)
    return ctx.emitError() << "LRN needs a positive 'size' attribute";
  int64_t size = ctx.intAttr("size", 0);
  float alpha = ctx.floatAttr("alpha", 1e-4f);
  float beta = ctx.floatAttr("beta", 0.75f);
  float bias = ctx.floatAttr("bias", 1.0f);
  int64_t rank = type.getRank();
  ArrayRef<int64_t> shape = type.getShape();
  Builder b{ctx, type.getElementType()};
  Value squares = b.mul(x, x);
  if (!squares)
    return failure();
  // The window over channels as a pooling window over the rows of an
  // N x 1 x C x (D1*...) image, zeros outside: mean * size is the sum.
  int64_t pixels = 1;
  for (int64_t d = 2; d < rank; ++d)
    pixels *= shape[d];
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  auto attr = [&](StringRef name, ArrayRef<int64_t> values) {
    return ctx.builder.getNamedAttr(name,
                                    ctx.builder.getDenseI64ArrayAttr(values));
  };
  Value image = ctx.reshape(squares, {shape[0], 1, shape[1], pixels});
  FailureOr<Value> mean = ctx.create<graph::AvgPoolOp>(
      {image},
      {attr("kernel_shape", {size, 1}), attr("strides", {1, 1}),
       attr("pads", {before, 0, after, 0}),
       ctx.builder.getNamedAttr("count_include_pad",
                                ctx.builder.getBoolAttr(true))});
  if (failed(mean))
    return failure();
  Value sum = b.mul(ctx.reshape(*mean, shape), b.c(float(size)));
  Value base = b.add(b.c(bias), b.mul(b.c(alpha / float(size)), sum));
  Value scale = ctx.valueOrNull(ctx.create<graph::PowOp>({base, b.c(beta)}));
  Value y = scale ? b.div(x, scale) : Value();
  if (!y)
    return failure();
  ctx.setResult(0, y);
  return success();
}

/// DequantizeLinear: (x - zero_point) * scale, in the scale's float type.
LogicalResult dequantizeLinear(NodeContext &ctx) {
  auto inputs = quantizationInputs(ctx);
  if (failed(inputs))
    return failure();
  Type f32 = ctx.builder.getF32Type();
  Builder b{ctx, f32};
  Value y = castTo(ctx, inputs->x, f32);
  if (ctx.hasInput(2)) {
    Value zeroPoint = ctx.input(2);
    if (!zeroPoint)
      return failure();
    y = b.sub(y, inputs->perAxis(ctx, zeroPoint));
  }
  y = b.mul(y, inputs->perAxis(ctx, inputs->scale));
  ctx.setResult(0,
                castTo(ctx, y, getElementTypeOrSelf(inputs->scale.getType())));
  return success();
}

LogicalResult leakyRelu(NodeContext &ctx) {
  float alpha = ctx.floatAttr("alpha", 0.01f);
  return activation(ctx, [&](Builder &b, Value x) {
    return b.select(b.cmp("ge", x, b.c(0)), x, b.mul(x, b.c(alpha)));
  });
}

/// HardSigmoid: clamp(alpha * x + beta, 0, 1); HardSwish: x * HardSigmoid
/// with alpha = 1/6, beta = 1/2.
Value hardSigmoid(Builder &b, Value x, float alpha, float beta) {
  Value affine = b.add(b.mul(x, b.c(alpha)), b.c(beta));
  auto clamp = graph::ClampOp::create(b.ctx.builder, b.ctx.loc,
                                      affine.getType(), affine);
  clamp.setMinAttr(b.ctx.builder.getF32FloatAttr(0.0f));
  clamp.setMaxAttr(b.ctx.builder.getF32FloatAttr(1.0f));
  return clamp;
}

LogicalResult hardSigmoidNode(NodeContext &ctx) {
  float alpha = ctx.floatAttr("alpha", 0.2f),
        beta = ctx.floatAttr("beta", 0.5f);
  return activation(
      ctx, [&](Builder &b, Value x) { return hardSigmoid(b, x, alpha, beta); });
}

LogicalResult hardSwish(NodeContext &ctx) {
  return activation(ctx, [](Builder &b, Value x) {
    return b.mul(x, hardSigmoid(b, x, 1.0f / 6.0f, 0.5f));
  });
}

LogicalResult elu(NodeContext &ctx) {
  float alpha = ctx.floatAttr("alpha", 1.0f);
  return activation(ctx, [&](Builder &b, Value x) {
    Value negative = b.mul(b.c(alpha), b.sub(b.exp(x), b.c(1)));
    return b.select(b.cmp("gt", x, b.c(0)), x, negative);
  });
}

LogicalResult selu(NodeContext &ctx) {
  float alpha = ctx.floatAttr("alpha", 1.67326319217681884765625f);
  float gamma = ctx.floatAttr("gamma", 1.05070102214813232421875f);
  return activation(ctx, [&](Builder &b, Value x) {
    Value negative = b.mul(b.c(alpha), b.sub(b.exp(x), b.c(1)));
    return b.mul(b.c(gamma), b.select(b.cmp("gt", x, b.c(0)), x, negative));
  });
}

LogicalResult celu(NodeContext &ctx) {
  float alpha = ctx.floatAttr("alpha", 1.0f);
  return activation(ctx, [&](Builder &b, Value x) {
    // max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
    Value negative =
        b.mul(b.c(alpha), b.sub(b.exp(b.div(x, b.c(alpha))), b.c(1)));
    return b.select(b.cmp("gt", x, b.c(0)), x, negative);
  });
}

LogicalResult softplus(NodeContext &ctx) {
  return activation(
      ctx, [](Builder &b, Value x) { return b.log(b.add(b.exp(x), b.c(1))); });
}

LogicalResult softsign(NodeContext &ctx) {
  return activation(ctx, [](Builder &b, Value x) {
    return b.div(x, b.add(b.abs(x), b.c(1)));
  });
}

LogicalResult thresholdedRelu(NodeContext &ctx) {
  float alpha = ctx.floatAttr("alpha", 1.0f);
  return activation(ctx, [&](Builder &b, Value x) {
    return b.select(b.cmp("gt", x, b.c(alpha)), x, b.c(0));
  });
}

LogicalResult sign(NodeContext &ctx) {
  return activation(ctx, [](Builder &b, Value x) {
    Value negative = b.select(b.cmp("lt", x, b.c(0)), b.c(-1), b.c(0));
    return b.select(b.cmp("gt", x, b.c(0)), b.c(1), negative);
  });
}

LogicalResult prelu(NodeContext &ctx) {
  Value slope = ctx.input(1);
  if (!slope)
    return failure();
  return activation(ctx, [&](Builder &b, Value x) {
    return b.select(b.cmp("lt", x, b.c(0)), b.mul(x, slope), x);
  });
}

LogicalResult mean(NodeContext &ctx) {
  Value acc = ctx.input(0);
  if (!acc || failed(requireFloat(ctx, acc)))
    return failure();
  Builder b{ctx, getElementTypeOrSelf(acc.getType())};
  for (int i = 1; i < ctx.node.input_size(); ++i) {
    Value next = ctx.input(i);
    if (!next)
      return failure();
    auto sum = ctx.create<graph::AddOp>({acc, next});
    if (failed(sum))
      return failure();
    acc = *sum;
  }
  ctx.setResult(0, b.div(acc, b.c(float(ctx.node.input_size()))));
  return success();
}

/// And/Or/Xor on i1 as selects: a && b = a ? b : false, and so on.
template <int Kind> LogicalResult logical(NodeContext &ctx) {
  Value a = ctx.input(0), b = ctx.input(1);
  if (!a || !b)
    return failure();
  if (!getElementTypeOrSelf(a.getType()).isInteger(1))
    return ctx.emitError() << "expects bool inputs";
  Type i1 = ctx.builder.getI1Type();
  Value t = ctx.scalar(1, i1), f = ctx.scalar(0, i1);
  FailureOr<Value> result;
  if (Kind == 0)
    result = ctx.create<graph::SelectOp>({a, b, f});
  else if (Kind == 1)
    result = ctx.create<graph::SelectOp>({a, t, b});
  else
    result = ctx.create<graph::SelectOp>(
        {a, graph::NotOp::create(ctx.builder, ctx.loc, b), b});
  return ctx.bindResult(result);
}

LogicalResult castLike(NodeContext &ctx) {
  Value x = ctx.input(0), like = ctx.input(1);
  if (!x || !like)
    return failure();
  auto type = cast<RankedTensorType>(x.getType())
                  .clone(getElementTypeOrSelf(like.getType()));
  ctx.setResult(0, graph::CastOp::create(ctx.builder, ctx.loc, type, x));
  return success();
}

LogicalResult mod(NodeContext &ctx) {
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  if (!lhs || !rhs)
    return failure();
  bool fmod = ctx.intAttr("fmod", 0) != 0;
  if (!fmod && isa<FloatType>(getElementTypeOrSelf(lhs.getType())))
    return ctx.emitError() << "Mod of floats needs fmod=1 (ONNX: the "
                              "integer remainder only applies to integers)";
  auto result = ctx.create<graph::ModOp>(
      {lhs, rhs},
      {ctx.builder.getNamedAttr("fmod", ctx.builder.getBoolAttr(fmod))});
  return ctx.bindResult(result);
}

/// x != x holds exactly for NaN (an unordered comparison).
LogicalResult isNaN(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  if (!isa<FloatType>(getElementTypeOrSelf(x.getType())))
    return ctx.emitError() << "expects a float input, got " << x.getType();
  auto result = ctx.create<graph::CompareOp>(
      {x, x},
      {ctx.builder.getNamedAttr("direction", ctx.builder.getStringAttr("ne"))});
  return ctx.bindResult(result);
}
/// IsInf: |x| == inf, or x == +inf / -inf alone per detect_positive and
/// detect_negative.
LogicalResult isInf(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Type element = getElementTypeOrSelf(x.getType());
  if (!isa<FloatType>(element))
    return ctx.emitError() << "expects a float input, got " << x.getType();
  bool positive = ctx.intAttr("detect_positive", 1) != 0;
  bool negative = ctx.intAttr("detect_negative", 1) != 0;
  auto equals = [&](Value v, double target) {
    return ctx.create<graph::CompareOp>(
        {v, ctx.scalar(target, element)},
        {ctx.builder.getNamedAttr("direction",
                                  ctx.builder.getStringAttr("eq"))});
  };
  if (positive && negative)
    return ctx.bindResult(
        equals(graph::AbsOp::create(ctx.builder, ctx.loc, x), INFINITY));
  if (positive || negative)
    return ctx.bindResult(equals(x, positive ? INFINITY : -INFINITY));
  // Neither: all false.
  return ctx.bindResult(equals(x, NAN));
}
} // namespace

void dlc::onnx_import::registerElementwiseNodes(NodeHandlerMap &handlers) {
  handlers["Add"] = binary<graph::AddOp>;
  handlers["Sub"] = binary<graph::SubOp>;
  handlers["Mul"] = binary<graph::MulOp>;
  handlers["Div"] = binary<graph::DivOp>;
  handlers["Pow"] = pow;
  handlers["Mod"] = mod;
  handlers["IsNaN"] = isNaN;
  handlers["IsInf"] = isInf;
  handlers["Shrink"] = shrink;
  handlers["BitShift"] = [](NodeContext &c) {
    Value x = c.input(0), y = c.input(1);
    if (!x || !y)
      return failure();
    std::string direction = c.stringAttr("direction", "");
    return c.bindResult(c.create<graph::BitShiftOp>(
        {x, y}, {c.builder.getNamedAttr(
                    "direction", c.builder.getStringAttr(
                                     direction == "LEFT"    ? "left"
                                     : direction == "RIGHT" ? "right"
                                                            : direction))}));
  };
  handlers["QuantizeLinear"] = quantizeLinear;
  handlers["DequantizeLinear"] = dequantizeLinear;
  handlers["DynamicQuantizeLinear"] = dynamicQuantizeLinear;
  handlers["MeanVarianceNormalization"] = meanVarianceNormalization;
  handlers["LRN"] = localResponseNormalization;
  handlers["Max"] = variadic<graph::MaximumOp>;
  handlers["Min"] = variadic<graph::MinimumOp>;
  handlers["Sum"] = variadic<graph::AddOp>;
  handlers["Equal"] = [](NodeContext &c) { return compare(c, "eq"); };
  handlers["Less"] = [](NodeContext &c) { return compare(c, "lt"); };
  handlers["Greater"] = [](NodeContext &c) { return compare(c, "gt"); };
  handlers["LessOrEqual"] = [](NodeContext &c) { return compare(c, "le"); };
  handlers["GreaterOrEqual"] = [](NodeContext &c) { return compare(c, "ge"); };
  handlers["Not"] = unary<graph::NotOp>;
  handlers["Neg"] = unary<graph::NegOp>;
  handlers["Abs"] = unary<graph::AbsOp>;
  handlers["Exp"] = floatUnary<graph::ExpOp>;
  handlers["Log"] = floatUnary<graph::LogOp>;
  handlers["Sqrt"] = floatUnary<graph::SqrtOp>;
  handlers["Tanh"] = floatUnary<graph::TanhOp>;
  handlers["Sigmoid"] = floatUnary<graph::SigmoidOp>;
  handlers["Relu"] = floatUnary<graph::ReluOp>;
  handlers["Erf"] = floatUnary<graph::ErfOp>;
  handlers["Floor"] = floatUnary<graph::FloorOp>;
  handlers["Ceil"] = floatUnary<graph::CeilOp>;
  handlers["Round"] = floatUnary<graph::RoundOp>;
  handlers["Sin"] = floatUnary<graph::SinOp>;
  handlers["Cos"] = floatUnary<graph::CosOp>;
  handlers["Tan"] = floatUnary<graph::TanOp>;
  handlers["Asin"] = floatUnary<graph::AsinOp>;
  handlers["Acos"] = floatUnary<graph::AcosOp>;
  handlers["Atan"] = floatUnary<graph::AtanOp>;
  handlers["Sinh"] = floatUnary<graph::SinhOp>;
  handlers["Cosh"] = floatUnary<graph::CoshOp>;
  handlers["Asinh"] = floatUnary<graph::AsinhOp>;
  handlers["Acosh"] = floatUnary<graph::AcoshOp>;
  handlers["Atanh"] = floatUnary<graph::AtanhOp>;
  handlers["Reciprocal"] = reciprocal;
  handlers["Elu"] = elu;
  handlers["Selu"] = selu;
  handlers["Celu"] = celu;
  handlers["Softplus"] = softplus;
  handlers["Softsign"] = softsign;
  handlers["ThresholdedRelu"] = thresholdedRelu;
  handlers["Sign"] = sign;
  handlers["PRelu"] = prelu;
  handlers["Mean"] = mean;
  handlers["CastLike"] = castLike;
  handlers["And"] = logical<0>;
  handlers["Or"] = logical<1>;
  handlers["Xor"] = logical<2>;
  handlers["Identity"] = identity;
  handlers["Dropout"] = dropout;
  handlers["Clip"] = clip;
  handlers["Cast"] = castNode;
  handlers["Where"] = where;
  handlers["Gelu"] = gelu;
  handlers["LeakyRelu"] = leakyRelu;
  handlers["HardSigmoid"] = hardSigmoidNode;
  handlers["HardSwish"] = hardSwish;
}
