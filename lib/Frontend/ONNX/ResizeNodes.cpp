//===- ResizeNodes.cpp - ONNX Resize
//---------------------------------------===//
//
// Shapes are static, so every output coordinate's source position is known
// at import time. Resize is separable: each resized axis becomes a weighted
// sum of gathers along that axis (one tap for nearest, two for linear, four
// for cubic), with the taps' indices and weights as constants.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include <array>
#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace dlc::onnx_import;
namespace graph = dlc::graph;

namespace {
/// One tap of a 1-D interpolation: for each output position, the source
/// index and its weight.
struct Tap {
  SmallVector<int64_t> index;
  SmallVector<float> weight;
};

struct ResizeMode {
  std::string mode, transform, nearest;
  double cubicA;
  bool excludeOutside;
};

/// The source coordinate of output position `o` (ONNX's
/// coordinate_transformation_mode). As in ONNX's reference, the output
/// length in the formulas is `scale * in`, unrounded.
double sourceCoordinate(const ResizeMode &m, int64_t o, int64_t in,
                        double scale) {
  double out = scale * double(in);
  if (m.transform == "asymmetric")
    return o / scale;
  if (m.transform == "align_corners")
    return out == 1 ? 0.0 : o * double(in - 1) / (out - 1);
  if (m.transform == "tf_half_pixel_for_nn")
    return (o + 0.5) / scale;
  if (m.transform == "pytorch_half_pixel" && out <= 1)
    return 0.0;
  return (o + 0.5) / scale - 0.5; // half_pixel, pytorch_half_pixel
}

int64_t nearestIndex(const std::string &rule, double x) {
  double floor = std::floor(x);
  bool half = x - floor == 0.5;
  if (rule == "floor")
    return int64_t(floor);
  if (rule == "ceil")
    return int64_t(std::ceil(x));
  if (rule == "round_prefer_ceil")
    return half ? int64_t(floor) + 1 : int64_t(std::round(x));
  return half ? int64_t(floor) : int64_t(std::round(x)); // round_prefer_floor
}

/// Cubic convolution weights of the taps at floor(x)-1 .. floor(x)+2.
std::array<double, 4> cubicWeights(double t, double a) {
  auto near = [&](double d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };
  auto far = [&](double d) {
    return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  };
  return {far(t + 1), near(t), near(1 - t), far(2 - t)};
}

/// The taps that resize an axis of `in` elements to `out`.
SmallVector<Tap> axisTaps(const ResizeMode &m, int64_t in, int64_t out,
                          double scale) {
  int taps = m.mode == "nearest" ? 1 : m.mode == "linear" ? 2 : 4;
  SmallVector<Tap> result(taps);
  auto clamp = [&](int64_t i) { return std::clamp<int64_t>(i, 0, in - 1); };
  for (int64_t o = 0; o < out; ++o) {
    double x = sourceCoordinate(m, o, in, scale);
    if (m.mode == "nearest") {
      result[0].index.push_back(clamp(nearestIndex(m.nearest, x)));
      result[0].weight.push_back(1.0f);
      continue;
    }
    if (m.mode == "linear")
      x = std::clamp<double>(x, 0, in - 1);
    int64_t base = int64_t(std::floor(x));
    double t = x - base;
    SmallVector<double> weights;
    SmallVector<int64_t> indices;
    if (m.mode == "linear") {
      weights = {1 - t, t};
      indices = {base, base + 1};
    } else {
      auto cubic = cubicWeights(t, m.cubicA);
      weights.assign(cubic.begin(), cubic.end());
      indices = {base - 1, base, base + 1, base + 2};
    }
    if (m.excludeOutside) {
      double sum = 0;
      for (size_t k = 0; k < indices.size(); ++k) {
        if (indices[k] < 0 || indices[k] >= in)
          weights[k] = 0;
        sum += weights[k];
      }
      for (double &w : weights)
        w /= sum;
    }
    for (int k = 0; k < taps; ++k) {
      result[k].index.push_back(clamp(indices[k]));
      result[k].weight.push_back(float(weights[k]));
    }
  }
  return result;
}

/// Resizes `x` along `axis` with `taps`.
FailureOr<Value> applyTaps(NodeContext &ctx, Value x, int64_t axis,
                           ArrayRef<Tap> taps) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t out = taps.front().index.size();
  Value sum;
  for (const Tap &tap : taps) {
    auto gathered = ctx.gatherAlong(x, axis, tap.index);
    if (failed(gathered))
      return failure();
    if (taps.size() == 1)
      return *gathered;
    SmallVector<int64_t> weightShape(type.getRank(), 1);
    weightShape[axis] = out;
    auto weightType =
        RankedTensorType::get(weightShape, ctx.builder.getF32Type());
    Value weight = ctx.constant(
        DenseElementsAttr::get(weightType, ArrayRef<float>(tap.weight)));
    auto term = ctx.create<graph::MulOp>({*gathered, weight});
    if (failed(term))
      return failure();
    if (!sum) {
      sum = *term;
      continue;
    }
    auto added = ctx.create<graph::AddOp>({sum, *term});
    if (failed(added))
      return failure();
    sum = *added;
  }
  return sum;
}

LogicalResult resize(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  ResizeMode m;
  m.mode = ctx.stringAttr("mode", "nearest");
  m.transform = ctx.stringAttr("coordinate_transformation_mode",
                               ctx.opset < 11 ? "asymmetric" : "half_pixel");
  m.nearest = ctx.stringAttr("nearest_mode",
                             ctx.opset < 11 ? "floor" : "round_prefer_floor");
  m.cubicA = ctx.floatAttr("cubic_coeff_a", -0.75f);
  m.excludeOutside = ctx.intAttr("exclude_outside", 0) != 0;
  if (m.mode != "nearest" && m.mode != "linear" && m.mode != "cubic")
    return ctx.emitError() << "unknown mode '" << m.mode << "'";
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel", "align_corners",
                           "asymmetric", "tf_half_pixel_for_nn"},
                          m.transform))
    return ctx.emitError() << "coordinate_transformation_mode '" << m.transform
                           << "' is not supported";
  if (ctx.intAttr("antialias", 0) != 0)
    return ctx.emitError() << "antialiased resizing is not supported";
  if (m.mode != "nearest" && !type.getElementType().isF32())
    return ctx.emitError() << "linear and cubic resizing need f32, got "
                           << type;
  SmallVector<int64_t> axes = ctx.intsAttr("axes");
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  for (int64_t &a : axes)
    a = normalizeAxis(a, rank);

  // Scales (input 1 before opset 11, else 2) or sizes (input 3).
  int scalesInput = ctx.opset < 11 ? 1 : 2;
  SmallVector<double> scales;
  SmallVector<int64_t> sizes;
  if (ctx.opset >= 11 && ctx.hasInput(3)) {
    auto given = ctx.constantInts(3);
    if (failed(given))
      return failure();
    sizes = *given;
  } else if (ctx.hasInput(scalesInput)) {
    auto given = ctx.constantInput(scalesInput);
    if (failed(given))
      return failure();
    if (!isa<FloatType>(given->getElementType()))
      return ctx.emitError()
             << "scales must be floats, got " << given->getType();
    for (const APFloat &v : given->getValues<APFloat>())
      scales.push_back(v.convertToDouble());
  }
  if (scales.empty() && sizes.empty())
    return ctx.emitError() << "needs scales or sizes";
  if ((!scales.empty() && scales.size() != axes.size()) ||
      (!sizes.empty() && sizes.size() != axes.size()))
    return ctx.emitError() << "needs one scale or size per resized axis ("
                           << axes.size() << ")";

  // The output shape first: sizes and scales come from the file, and the
  // taps below take time and memory per output element.
  SmallVector<int64_t> outShape(type.getShape());
  for (size_t i = 0; i < axes.size(); ++i) {
    double out = sizes.empty()
                     ? std::floor(type.getDimSize(axes[i]) * scales[i])
                     : double(sizes[i]);
    if (!(out >= 1 && out <= double(kMaxTensorElements))) {
      char text[40];
      std::snprintf(text, sizeof(text), "%.10g", out);
      return ctx.emitError()
             << "axis " << axes[i] << " would resize "
             << type.getDimSize(axes[i]) << " elements to " << text;
    }
    outShape[axes[i]] = int64_t(out);
  }
  if (!checkedNumElements(outShape))
    return ctx.emitError() << "the result would have over 2^40 elements";

  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t in = type.getDimSize(axes[i]);
    int64_t out = outShape[axes[i]];
    double scale = sizes.empty() ? scales[i] : double(out) / double(in);
    if (out < 1 || scale <= 0)
      return ctx.emitError() << "axis " << axes[i] << " would resize " << in
                             << " elements to " << out;
    if (out == in && scale == 1.0)
      continue;
    if (failed(ctx.checkBuiltConstant({out}, "the interpolation taps")))
      return failure();
    auto resized = applyTaps(ctx, x, axes[i], axisTaps(m, in, out, scale));
    if (failed(resized))
      return failure();
    x = *resized;
  }
  ctx.setResult(0, x);
  return success();
}
} // namespace

void dlc::onnx_import::registerResizeNodes(NodeHandlerMap &handlers) {
  handlers["Resize"] = resize;
  handlers["Upsample"] = resize;
}
