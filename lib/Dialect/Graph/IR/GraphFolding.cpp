//===- GraphFolding.cpp - compile-time evaluation of dlc ops --------------===//
//
// Op folders: an op whose operands are all constants evaluates to a
// constant, for every element type the graph holds (integers of any width
// and signedness, i1, f16, bf16, f32, f64). Exported models compute shapes
// with Shape/Gather/Cast/Range/Slice/Concat chains; folding them where the
// greedy driver or the importer runs keeps every shape compile-time known.
// Floats compute in double and round once to the element type. Results above
// kMaxFoldedElements (splats aside) are left to run time.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APSInt.h"

#include <cmath>

using namespace mlir;
using namespace dlc::graph;

namespace {
/// Largest non-splat result folded at compile time (256 KB of f32): shape
/// arithmetic and small tables fold, large tensors stay run-time work.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// A constant's elements as bit patterns (floats bitcast), row-major; a
/// splat holds one.
struct Elements {
  RankedTensorType type;
  SmallVector<APInt> bits;
  bool isSplat() const { return bits.size() == 1; }
  const APInt &at(int64_t flat) const { return bits[isSplat() ? 0 : flat]; }
  Type elementType() const { return type.getElementType(); }
};

std::optional<Elements> readElements(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(dense.getType());
  if (!type || (!dense.isSplat() && type.getNumElements() > kMaxFoldedElements))
    return std::nullopt;
  Elements elements{type, {}};
  Type element = type.getElementType();
  if (isa<FloatType>(element)) {
    if (dense.isSplat())
      elements.bits.push_back(dense.getSplatValue<APFloat>().bitcastToAPInt());
    else
      for (const APFloat &v : dense.getValues<APFloat>())
        elements.bits.push_back(v.bitcastToAPInt());
  } else if (isa<IntegerType>(element)) {
    if (dense.isSplat())
      elements.bits.push_back(dense.getSplatValue<APInt>());
    else
      llvm::append_range(elements.bits, dense.getValues<APInt>());
  } else {
    return std::nullopt;
  }
  return elements;
}

/// A dense attribute of `type` from bit patterns (one value: a splat).
Attribute makeElements(RankedTensorType type, ArrayRef<APInt> bits) {
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> values;
    for (const APInt &b : bits)
      values.push_back(APFloat(floatType.getFloatSemantics(), b));
    return DenseElementsAttr::get(type, values);
  }
  if (element.isInteger(1)) {
    SmallVector<bool> values;
    for (const APInt &b : bits)
      values.push_back(!b.isZero());
    return DenseElementsAttr::get(type, values);
  }
  return DenseElementsAttr::get(type, bits);
}

bool isUnsigned(Type type) { return type.isUnsignedInteger(); }

double toDouble(const APInt &bits, Type type) {
  APFloat value(cast<FloatType>(type).getFloatSemantics(), bits);
  bool losesInfo;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

APInt fromDouble(double v, Type type) {
  APFloat value(v);
  bool losesInfo;
  value.convert(cast<FloatType>(type).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &losesInfo);
  return value.bitcastToAPInt();
}

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Calls `fn(flat, coords)` for every element of `shape`, in order.
void forEachIndex(ArrayRef<int64_t> shape,
                  llvm::function_ref<void(int64_t, ArrayRef<int64_t>)> fn) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  SmallVector<int64_t> coords(shape.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    fn(flat, coords);
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      if (++coords[d] < shape[d])
        break;
      coords[d] = 0;
    }
  }
}

/// The flat index into `in` (numpy-broadcast to `out`) of output `coords`.
int64_t broadcastIndex(const Elements &in, ArrayRef<int64_t> coords) {
  if (in.isSplat())
    return 0;
  ArrayRef<int64_t> shape = in.type.getShape();
  int64_t offset = coords.size() - shape.size(), flat = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    flat = flat * shape[d] + (shape[d] == 1 ? 0 : coords[d + offset]);
  return flat;
}

/// Evaluates an elementwise op on broadcast constant operands: `fn` maps the
/// operands' bit patterns at one position to the result's, or fails (the op
/// is then left to run time).
using ElementFn = llvm::function_ref<std::optional<APInt>(ArrayRef<APInt>)>;
Attribute foldElementwise(ArrayRef<Attribute> operands,
                          RankedTensorType resultType, ElementFn fn) {
  SmallVector<Elements> inputs;
  for (Attribute operand : operands) {
    auto elements = readElements(operand);
    if (!elements)
      return {};
    inputs.push_back(std::move(*elements));
  }
  bool allSplat =
      llvm::all_of(inputs, [](const Elements &e) { return e.isSplat(); });
  SmallVector<APInt> args(inputs.size());
  if (allSplat) {
    for (auto [i, input] : llvm::enumerate(inputs))
      args[i] = input.at(0);
    auto value = fn(args);
    return value ? makeElements(resultType, {*value}) : Attribute();
  }
  if (resultType.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<APInt> result;
  result.reserve(resultType.getNumElements());
  bool ok = true;
  forEachIndex(resultType.getShape(), [&](int64_t, ArrayRef<int64_t> coords) {
    if (!ok)
      return;
    for (auto [i, input] : llvm::enumerate(inputs))
      args[i] = input.at(broadcastIndex(input, coords));
    auto value = fn(args);
    if (!value)
      ok = false;
    else
      result.push_back(*value);
  });
  return ok ? makeElements(resultType, result) : Attribute();
}

/// An arithmetic op given per element type: `intFn` on integers (with their
/// signedness), `floatFn` on floats (in double).
Attribute foldArithmetic(
    ArrayRef<Attribute> operands, RankedTensorType resultType,
    llvm::function_ref<std::optional<APInt>(ArrayRef<APInt>, bool)> intFn,
    llvm::function_ref<std::optional<double>(ArrayRef<double>)> floatFn) {
  Type element = resultType.getElementType();
  if (isa<FloatType>(element)) {
    if (!floatFn)
      return {};
    return foldElementwise(operands, resultType,
                           [&](ArrayRef<APInt> bits) -> std::optional<APInt> {
                             SmallVector<double> values;
                             for (const APInt &b : bits)
                               values.push_back(toDouble(b, element));
                             auto v = floatFn(values);
                             if (!v)
                               return std::nullopt;
                             return fromDouble(*v, element);
                           });
  }
  if (!intFn || !isa<IntegerType>(element))
    return {};
  bool unsignedElements = isUnsigned(element);
  return foldElementwise(operands, resultType, [&](ArrayRef<APInt> bits) {
    return intFn(bits, unsignedElements);
  });
}

/// Operands of `adaptor` as attributes (null where not constant).
template <typename Adaptor> SmallVector<Attribute> attrsOf(Adaptor adaptor) {
  return SmallVector<Attribute>(adaptor.getOperands());
}

/// `x op c` folds to `x` when `c` is a splat of `identity` that does not
/// change the result's shape.
OpFoldResult foldRightIdentity(Value lhs, Attribute rhs, Type result,
                               double identity) {
  auto splat = dyn_cast_if_present<SplatElementsAttr>(rhs);
  if (!splat || lhs.getType() != result)
    return {};
  if (isa<FloatType>(splat.getElementType()))
    return splat.getSplatValue<APFloat>().convertToDouble() == identity
               ? lhs
               : Value();
  if (isa<IntegerType>(splat.getElementType()))
    return splat.getSplatValue<APInt>().getSExtValue() ==
                   static_cast<int64_t>(identity)
               ? lhs
               : Value();
  return {};
}

std::optional<APInt> intDivide(const APInt &a, const APInt &b, bool isU) {
  if (b.isZero())
    return APInt::getZero(a.getBitWidth());
  if (isU)
    return a.udiv(b);
  if (b.isAllOnes()) // x / -1 = -x, wrapping for the minimum value
    return -a;
  return a.sdiv(b);
}

/// ONNX Mod: the sign of the divisor (Python's %), or of the dividend with
/// fmod (C's %). By 0 (and -1) it is 0.
std::optional<APInt> intRemainder(const APInt &a, const APInt &b, bool isU,
                                  bool fmod) {
  if (b.isZero() || (!isU && b.isAllOnes()))
    return APInt::getZero(a.getBitWidth());
  if (isU)
    return a.urem(b);
  APInt r = a.srem(b);
  if (!fmod && !r.isZero() && r.isNegative() != b.isNegative())
    r += b;
  return r;
}

APInt boolBits(bool value) { return APInt(1, value ? 1 : 0); }
} // namespace

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (auto c = foldArithmetic(
          attrsOf(adaptor), getType(),
          [](ArrayRef<APInt> v, bool) -> std::optional<APInt> {
            return v[0] + v[1];
          },
          [](ArrayRef<double> v) -> std::optional<double> {
            return v[0] + v[1];
          }))
    return c;
  return foldRightIdentity(getLhs(), adaptor.getRhs(), getType(), 0.0);
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(
      attrsOf(adaptor), getType(),
      [](ArrayRef<APInt> v, bool) -> std::optional<APInt> {
        return v[0] - v[1];
      },
      [](ArrayRef<double> v) -> std::optional<double> { return v[0] - v[1]; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (auto c = foldArithmetic(
          attrsOf(adaptor), getType(),
          [](ArrayRef<APInt> v, bool) -> std::optional<APInt> {
            return v[0] * v[1];
          },
          [](ArrayRef<double> v) -> std::optional<double> {
            return v[0] * v[1];
          }))
    return c;
  return foldRightIdentity(getLhs(), adaptor.getRhs(), getType(), 1.0);
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(
      attrsOf(adaptor), getType(),
      [](ArrayRef<APInt> v, bool isU) { return intDivide(v[0], v[1], isU); },
      [](ArrayRef<double> v) -> std::optional<double> { return v[0] / v[1]; });
}

OpFoldResult ModOp::fold(FoldAdaptor adaptor) {
  bool fmod = getFmod();
  return foldArithmetic(
      attrsOf(adaptor), getType(),
      [&](ArrayRef<APInt> v, bool isU) {
        return intRemainder(v[0], v[1], isU, fmod);
      },
      [](ArrayRef<double> v) -> std::optional<double> {
        return std::fmod(v[0], v[1]);
      });
}

OpFoldResult BitShiftOp::fold(FoldAdaptor adaptor) {
  bool left = getDirection() == "left";
  return foldArithmetic(
      attrsOf(adaptor), getType(),
      [&](ArrayRef<APInt> v, bool) -> std::optional<APInt> {
        unsigned width = v[0].getBitWidth();
        if (v[1].uge(width))
          return APInt::getZero(width);
        unsigned amount = v[1].getZExtValue();
        return left ? v[0].shl(amount) : v[0].lshr(amount);
      },
      nullptr);
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(attrsOf(adaptor), getType(), nullptr,
                        [](ArrayRef<double> v) -> std::optional<double> {
                          return std::pow(v[0], v[1]);
                        });
}

/// maximum/minimum: NaN propagates, as the lowering's arith.maximumf.
static OpFoldResult foldExtremum(ArrayRef<Attribute> operands,
                                 RankedTensorType type, bool maximum) {
  return foldArithmetic(
      operands, type,
      [&](ArrayRef<APInt> v, bool isU) -> std::optional<APInt> {
        bool firstLess = isU ? v[0].ult(v[1]) : v[0].slt(v[1]);
        return firstLess == maximum ? v[1] : v[0];
      },
      [&](ArrayRef<double> v) -> std::optional<double> {
        if (std::isnan(v[0]) || std::isnan(v[1]))
          return std::nan("");
        return maximum ? std::max(v[0], v[1]) : std::min(v[0], v[1]);
      });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  return foldExtremum(attrsOf(adaptor), getType(), /*maximum=*/true);
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  return foldExtremum(attrsOf(adaptor), getType(), /*maximum=*/false);
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  Type element = getElementTypeOrSelf(getLhs().getType());
  StringRef direction = getDirection();
  auto decide = [&](int order, bool unordered) {
    // order: -1 (less), 0 (equal), 1 (greater); unordered: a NaN is involved.
    if (unordered)
      return direction == "ne";
    if (direction == "eq")
      return order == 0;
    if (direction == "ne")
      return order != 0;
    if (direction == "lt")
      return order < 0;
    if (direction == "le")
      return order <= 0;
    if (direction == "gt")
      return order > 0;
    return order >= 0;
  };
  return foldElementwise(
      attrsOf(adaptor), getType(),
      [&](ArrayRef<APInt> v) -> std::optional<APInt> {
        if (isa<FloatType>(element)) {
          double a = toDouble(v[0], element), b = toDouble(v[1], element);
          return boolBits(decide(a < b ? -1 : (a > b ? 1 : 0),
                                 std::isnan(a) || std::isnan(b)));
        }
        bool isU = isUnsigned(element);
        int order = v[0] == v[1]                              ? 0
                    : (isU ? v[0].ult(v[1]) : v[0].slt(v[1])) ? -1
                                                              : 1;
        return boolBits(decide(order, false));
      });
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  if (getOnTrue() == getOnFalse() && getOnTrue().getType() == getType())
    return getOnTrue();
  return foldElementwise(attrsOf(adaptor), getType(),
                         [](ArrayRef<APInt> v) -> std::optional<APInt> {
                           return v[0].isZero() ? v[2] : v[1];
                         });
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

/// A unary math op on floats (`floatFn`) and, where defined, integers.
static OpFoldResult
foldUnary(Attribute input, RankedTensorType type,
          llvm::function_ref<std::optional<double>(double)> floatFn,
          llvm::function_ref<std::optional<APInt>(const APInt &, bool)> intFn =
              nullptr) {
  return foldArithmetic(
      {input}, type,
      intFn ? [&](ArrayRef<APInt> v, bool isU) { return intFn(v[0], isU); }
            : llvm::function_ref<std::optional<APInt>(ArrayRef<APInt>, bool)>(),
      floatFn ? [&](ArrayRef<double> v) { return floatFn(v[0]); }
              : llvm::function_ref<std::optional<double>(ArrayRef<double>)>());
}

#define DLC_FOLD_FLOAT_UNARY(OP, EXPR)                                         \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    return foldUnary(adaptor.getInput(), getType(),                            \
                     [](double x) -> std::optional<double> { return EXPR; });  \
  }

DLC_FOLD_FLOAT_UNARY(ExpOp, std::exp(x))
DLC_FOLD_FLOAT_UNARY(LogOp, std::log(x))
DLC_FOLD_FLOAT_UNARY(SqrtOp, std::sqrt(x))
DLC_FOLD_FLOAT_UNARY(RsqrtOp, 1.0 / std::sqrt(x))
DLC_FOLD_FLOAT_UNARY(TanhOp, std::tanh(x))
DLC_FOLD_FLOAT_UNARY(SigmoidOp, 1.0 / (1.0 + std::exp(-x)))
DLC_FOLD_FLOAT_UNARY(ReluOp, std::isnan(x) ? x : std::max(x, 0.0))
DLC_FOLD_FLOAT_UNARY(ErfOp, std::erf(x))
DLC_FOLD_FLOAT_UNARY(FloorOp, std::floor(x))
DLC_FOLD_FLOAT_UNARY(CeilOp, std::ceil(x))
DLC_FOLD_FLOAT_UNARY(RoundOp, std::nearbyint(x))
DLC_FOLD_FLOAT_UNARY(SinOp, std::sin(x))
DLC_FOLD_FLOAT_UNARY(CosOp, std::cos(x))
DLC_FOLD_FLOAT_UNARY(TanOp, std::tan(x))
DLC_FOLD_FLOAT_UNARY(AsinOp, std::asin(x))
DLC_FOLD_FLOAT_UNARY(AcosOp, std::acos(x))
DLC_FOLD_FLOAT_UNARY(AtanOp, std::atan(x))
DLC_FOLD_FLOAT_UNARY(SinhOp, std::sinh(x))
DLC_FOLD_FLOAT_UNARY(CoshOp, std::cosh(x))
DLC_FOLD_FLOAT_UNARY(AsinhOp, std::asinh(x))
DLC_FOLD_FLOAT_UNARY(AcoshOp, std::acosh(x))
DLC_FOLD_FLOAT_UNARY(AtanhOp, std::atanh(x))
#undef DLC_FOLD_FLOAT_UNARY

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getInput(), getType(),
      [](double x) -> std::optional<double> { return -x; },
      [](const APInt &x, bool) -> std::optional<APInt> { return -x; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getInput(), getType(),
      [](double x) -> std::optional<double> { return std::fabs(x); },
      [](const APInt &x, bool isU) -> std::optional<APInt> {
        return !isU && x.isNegative() ? -x : x;
      });
}

OpFoldResult NotOp::fold(FoldAdaptor adaptor) {
  return foldElementwise({adaptor.getInput()}, getType(),
                         [](ArrayRef<APInt> v) -> std::optional<APInt> {
                           return boolBits(v[0].isZero());
                         });
}

OpFoldResult GeluOp::fold(FoldAdaptor adaptor) {
  bool tanhForm = getApproximate() == "tanh";
  return foldUnary(adaptor.getInput(), getType(),
                   [&](double x) -> std::optional<double> {
                     if (tanhForm)
                       return 0.5 * x *
                              (1.0 + std::tanh(std::sqrt(2.0 / M_PI) *
                                               (x + 0.044715 * x * x * x)));
                     return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
                   });
}

OpFoldResult ClampOp::fold(FoldAdaptor adaptor) {
  std::optional<double> low, high;
  if (getMin())
    low = getMin()->convertToDouble();
  if (getMax())
    high = getMax()->convertToDouble();
  return foldUnary(adaptor.getInput(), getType(),
                   [&](double x) -> std::optional<double> {
                     if (low && x < *low)
                       x = *low;
                     if (high && x > *high)
                       x = *high;
                     return x;
                   });
}

//===----------------------------------------------------------------------===//
// Casts
//===----------------------------------------------------------------------===//

/// One element converted from `from` to `to`: float -> integer rounds
/// toward zero (values it cannot hold are not folded), integer -> i1 tests
/// for non-zero.
static std::optional<APInt> castElement(const APInt &bits, Type from, Type to) {
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    APFloat value(toFloat.getFloatSemantics());
    if (auto fromFloat = dyn_cast<FloatType>(from)) {
      value = APFloat(fromFloat.getFloatSemantics(), bits);
      bool losesInfo;
      value.convert(toFloat.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    } else {
      value.convertFromAPInt(bits, /*IsSigned=*/!isUnsigned(from) &&
                                       !from.isInteger(1),
                             APFloat::rmNearestTiesToEven);
    }
    return value.bitcastToAPInt();
  }
  unsigned width = to.getIntOrFloatBitWidth();
  if (auto fromFloat = dyn_cast<FloatType>(from)) {
    APFloat value(fromFloat.getFloatSemantics(), bits);
    if (to.isInteger(1))
      return boolBits(!value.isZero());
    APSInt result(width, isUnsigned(to));
    bool exact;
    if (value.convertToInteger(result, APFloat::rmTowardZero, &exact) &
        APFloat::opInvalidOp)
      return std::nullopt;
    return APInt(result);
  }
  if (to.isInteger(1))
    return boolBits(!bits.isZero());
  return isUnsigned(from) || from.isInteger(1) ? bits.zextOrTrunc(width)
                                               : bits.sextOrTrunc(width);
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  Type from = getInput().getType().getElementType();
  Type to = getType().getElementType();
  return foldElementwise(
      {adaptor.getInput()}, getType(),
      [&](ArrayRef<APInt> v) { return castElement(v[0], from, to); });
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// Builds a result by picking, for every output position, one element of
/// `input` (`source` returns its flat index, or -1 for `fill`).
static Attribute
gatherElements(const Elements &input, RankedTensorType resultType,
               llvm::function_ref<int64_t(ArrayRef<int64_t>)> source,
               std::optional<APInt> fill = std::nullopt) {
  if (input.isSplat() && !fill)
    return makeElements(resultType, {input.at(0)});
  if (resultType.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<APInt> result;
  result.reserve(resultType.getNumElements());
  // An index past the input (an empty input picked from, in an op that
  // fails at run time) leaves the op unfolded rather than reading past it.
  bool inBounds = true;
  forEachIndex(resultType.getShape(), [&](int64_t, ArrayRef<int64_t> coords) {
    int64_t index = source(coords);
    if (index >= 0 && !input.isSplat() && index >= int64_t(input.bits.size()))
      inBounds = false;
    if (!inBounds || (index < 0 && !fill))
      return;
    result.push_back(index < 0 ? *fill : input.at(index));
  });
  if (!inBounds || int64_t(result.size()) != resultType.getNumElements())
    return {};
  return makeElements(resultType, result);
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto input = readElements(adaptor.getInput());
  if (!input)
    return {};
  return gatherElements(*input, getType(), [&](ArrayRef<int64_t> coords) {
    return broadcastIndex(*input, coords);
  });
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::all_of(llvm::enumerate(perm), [](auto entry) {
        return int64_t(entry.index()) == entry.value();
      }))
    return getInput();
  auto input = readElements(adaptor.getInput());
  if (!input)
    return {};
  SmallVector<int64_t> strides = stridesOf(input->type.getShape());
  return gatherElements(*input, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t flat = 0;
    for (auto [d, p] : llvm::enumerate(perm))
      flat += coords[d] * strides[p];
    return flat;
  });
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto input = readElements(adaptor.getInput());
  if (!input)
    return {};
  SmallVector<int64_t> strides = stridesOf(input->type.getShape());
  ArrayRef<int64_t> starts = getStarts(), steps = getSteps();
  return gatherElements(*input, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t flat = 0;
    for (size_t d = 0; d < coords.size(); ++d)
      flat += (starts[d] + coords[d] * steps[d]) * strides[d];
    return flat;
  });
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  if (getType().getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<Elements> inputs;
  for (Attribute operand : adaptor.getInputs()) {
    auto elements = readElements(operand);
    if (!elements)
      return {};
    inputs.push_back(std::move(*elements));
  }
  int64_t rank = getType().getRank();
  // I64Attr reads as uint64_t: negative axes need the signed view.
  int64_t axis = static_cast<int64_t>(getAxis());
  axis = axis < 0 ? axis + rank : axis;
  SmallVector<APInt> result;
  forEachIndex(getType().getShape(), [&](int64_t, ArrayRef<int64_t> coords) {
    int64_t along = coords[axis];
    for (const Elements &input : inputs) {
      ArrayRef<int64_t> shape = input.type.getShape();
      if (along >= shape[axis]) {
        along -= shape[axis];
        continue;
      }
      int64_t flat = 0;
      for (int64_t d = 0; d < rank; ++d)
        flat = flat * shape[d] + (d == axis ? along : coords[d]);
      result.push_back(input.at(flat));
      return;
    }
  });
  return makeElements(getType(), result);
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto input = readElements(adaptor.getInput());
  auto indices = readElements(adaptor.getIndices());
  if (!input || !indices)
    return {};
  ArrayRef<int64_t> shape = input->type.getShape();
  int64_t axis = static_cast<int64_t>(getAxis());
  axis = axis < 0 ? axis + static_cast<int64_t>(shape.size()) : axis;
  int64_t indexRank = indices->type.getRank();
  SmallVector<int64_t> strides = stridesOf(shape);
  SmallVector<int64_t> indexShape(indices->type.getShape());
  bool inRange = true;
  Attribute result =
      gatherElements(*input, getType(), [&](ArrayRef<int64_t> coords) {
        int64_t flatIndex = 0;
        for (int64_t d = 0; d < indexRank; ++d)
          flatIndex = flatIndex * indexShape[d] + coords[axis + d];
        int64_t index = indices->at(flatIndex).getSExtValue();
        if (index < 0)
          index += shape[axis];
        if (index < 0 || index >= shape[axis]) {
          inRange = false;
          index = 0;
        }
        int64_t flat = index * strides[axis];
        for (int64_t d = 0; d < axis; ++d)
          flat += coords[d] * strides[d];
        for (int64_t d = axis + 1; d < int64_t(shape.size()); ++d)
          flat += coords[d - 1 + indexRank] * strides[d];
        return flat;
      });
  // Out-of-range indices are the run time's to report (or clamp).
  return inRange ? result : Attribute();
}

OpFoldResult PadOp::fold(FoldAdaptor adaptor) {
  auto input = readElements(adaptor.getInput());
  if (!input)
    return {};
  Type element = input->elementType();
  double value = getValue().convertToDouble();
  APInt fill = isa<FloatType>(element)
                   ? fromDouble(value, element)
                   : APInt(element.getIntOrFloatBitWidth(), int64_t(value),
                           /*isSigned=*/true, /*implicitTrunc=*/true);
  ArrayRef<int64_t> shape = input->type.getShape(), low = getLow();
  SmallVector<int64_t> strides = stridesOf(shape);
  return gatherElements(
      *input, getType(),
      [&](ArrayRef<int64_t> coords) -> int64_t {
        int64_t flat = 0;
        for (size_t d = 0; d < coords.size(); ++d) {
          int64_t c = coords[d] - low[d];
          if (c < 0 || c >= shape[d])
            return -1;
          flat += c * strides[d];
        }
        return flat;
      },
      fill);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
enum class ReduceKind { Sum, Mean, Max, Prod };
} // namespace

static OpFoldResult foldReduction(Attribute operand,
                                  RankedTensorType resultType,
                                  ArrayRef<int64_t> axesAttr, ReduceKind kind) {
  auto input = readElements(operand);
  if (!input)
    return {};
  ArrayRef<int64_t> shape = input->type.getShape();
  int64_t rank = shape.size();
  if (input->type.getNumElements() > kMaxFoldedElements || rank == 0)
    return {};
  SmallVector<bool> reduced(rank, axesAttr.empty());
  for (int64_t axis : axesAttr)
    reduced[axis < 0 ? axis + rank : axis] = true;
  // The output position of an input element: its kept coordinates.
  SmallVector<int64_t> keptShape;
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d])
      keptShape.push_back(shape[d]);
  int64_t outputs = 1, perOutput = input->type.getNumElements();
  for (int64_t d : keptShape)
    outputs *= d;
  perOutput = outputs ? perOutput / outputs : 0;
  Type element = input->elementType();
  bool isFloat = isa<FloatType>(element), isU = isUnsigned(element);
  if (!isFloat && kind == ReduceKind::Mean)
    return {};
  SmallVector<double> floats(outputs, kind == ReduceKind::Prod ? 1.0 : 0.0);
  unsigned width = isFloat ? 0 : element.getIntOrFloatBitWidth();
  SmallVector<APInt> ints(
      outputs, APInt(std::max(width, 1u), kind == ReduceKind::Prod ? 1 : 0));
  SmallVector<bool> seen(outputs, false);
  forEachIndex(shape, [&](int64_t flat, ArrayRef<int64_t> coords) {
    int64_t out = 0, k = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        out = out * keptShape[k++] + coords[d];
    const APInt &bits = input->at(flat);
    bool first = !seen[out];
    seen[out] = true;
    if (isFloat) {
      double x = toDouble(bits, element);
      double &acc = floats[out];
      if (kind == ReduceKind::Max)
        acc = first || std::isnan(x)
                  ? x
                  : (std::isnan(acc) ? acc : std::max(acc, x));
      else if (kind == ReduceKind::Prod)
        acc *= x;
      else
        acc += x;
      return;
    }
    APInt &acc = ints[out];
    if (kind == ReduceKind::Max)
      acc = first || (isU ? bits.ugt(acc) : bits.sgt(acc)) ? bits : acc;
    else if (kind == ReduceKind::Prod)
      acc *= bits;
    else
      acc += bits;
  });
  SmallVector<APInt> result;
  for (int64_t i = 0; i < outputs; ++i) {
    if (!isFloat) {
      result.push_back(ints[i]);
      continue;
    }
    double v = floats[i];
    if (kind == ReduceKind::Mean)
      v /= double(perOutput);
    result.push_back(fromDouble(v, element));
  }
  if (kind == ReduceKind::Max && perOutput == 0)
    return {};
  return makeElements(resultType, result);
}

OpFoldResult ReduceSumOp::fold(FoldAdaptor adaptor) {
  return foldReduction(adaptor.getInput(), getType(), getAxes(),
                       ReduceKind::Sum);
}
OpFoldResult ReduceMeanOp::fold(FoldAdaptor adaptor) {
  return foldReduction(adaptor.getInput(), getType(), getAxes(),
                       ReduceKind::Mean);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor adaptor) {
  return foldReduction(adaptor.getInput(), getType(), getAxes(),
                       ReduceKind::Max);
}
OpFoldResult ReduceProdOp::fold(FoldAdaptor adaptor) {
  return foldReduction(adaptor.getInput(), getType(), getAxes(),
                       ReduceKind::Prod);
}

//===----------------------------------------------------------------------===//
// Folding driver
//===----------------------------------------------------------------------===//

bool dlc::graph::foldConstantOperation(Operation *op,
                                       DenseMap<Value, Value> *replaced) {
  if (op->getNumOperands() == 0 || op->getNumRegions() != 0 ||
      !isa<DlcDialect>(op->getDialect()))
    return false;
  SmallVector<Attribute> operands;
  for (Value operand : op->getOperands()) {
    Attribute attr;
    if (!matchPattern(operand, m_Constant(&attr)))
      return false;
    operands.push_back(attr);
  }
  SmallVector<OpFoldResult> results;
  if (failed(op->fold(operands, results)) || results.empty())
    return false;
  OpBuilder builder(op);
  SmallVector<Value> values;
  SmallVector<Operation *> created;
  for (auto [result, folded] : llvm::zip(op->getResults(), results)) {
    if (auto value = dyn_cast<Value>(folded)) {
      values.push_back(value);
      continue;
    }
    Operation *constant = op->getDialect()->materializeConstant(
        builder, cast<Attribute>(folded), result.getType(), op->getLoc());
    if (!constant) {
      for (Operation *made : created)
        made->erase();
      return false;
    }
    created.push_back(constant);
    values.push_back(constant->getResult(0));
  }
  for (auto [result, value] : llvm::zip(op->getResults(), values)) {
    result.replaceAllUsesWith(value);
    if (replaced)
      (*replaced)[result] = value;
  }
  op->erase();
  return true;
}
