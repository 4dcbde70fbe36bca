//===- ShapeNodes.cpp - ONNX shape and data-movement ops ------------------===//
//
// Shapes are static, so Shape, Size, ConstantOfShape and Range are
// constants here; the ops computing on them (Gather, Concat, Slice, Cast,
// arithmetic) fold through the dlc ops' folders after each node, and ops
// that take shapes as inputs (Reshape, Expand, Slice, ...) see constants.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace dlc::onnx_import;
namespace graph = dlc::graph;

namespace {
DenseElementsAttr i64Vector(NodeContext &ctx, ArrayRef<int64_t> values) {
  auto type =
      RankedTensorType::get({int64_t(values.size())}, ctx.builder.getI64Type());
  return DenseElementsAttr::get(type, values);
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

LogicalResult constantNode(NodeContext &ctx) {
  if (const auto *a = ctx.attr("value")) {
    auto value = convertTensor(a->t(), ctx.getBaseDir(), ctx.loc);
    if (failed(value))
      return failure();
    ctx.setResult(0, ctx.constant(*value));
    return success();
  }
  auto f32 = ctx.builder.getF32Type();
  auto i64 = ctx.builder.getI64Type();
  if (const auto *a = ctx.attr("value_float")) {
    ctx.setResult(0, ctx.constant(DenseElementsAttr::get(
                         RankedTensorType::get({}, f32), a->f())));
  } else if (const auto *a = ctx.attr("value_floats")) {
    SmallVector<float> v(a->floats().begin(), a->floats().end());
    ctx.setResult(0, ctx.constant(DenseElementsAttr::get(
                         RankedTensorType::get({int64_t(v.size())}, f32),
                         ArrayRef<float>(v))));
  } else if (const auto *a = ctx.attr("value_int")) {
    ctx.setResult(0, ctx.constant(DenseElementsAttr::get(
                         RankedTensorType::get({}, i64), int64_t(a->i()))));
  } else if (ctx.hasAttr("value_ints")) {
    ctx.setResult(0, ctx.constant(i64Vector(ctx, ctx.intsAttr("value_ints"))));
  } else {
    return ctx.emitError() << "only tensor, float(s) and int(s) constants "
                              "are supported";
  }
  return success();
}

LogicalResult size(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  int64_t count = cast<RankedTensorType>(x.getType()).getNumElements();
  ctx.setResult(
      0, ctx.constant(DenseElementsAttr::get(
             RankedTensorType::get({}, ctx.builder.getI64Type()), count)));
  return success();
}

LogicalResult shape(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  int64_t rank = dims.size();
  int64_t start = ctx.intAttr("start", 0), end = ctx.intAttr("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  ctx.setResult(
      0, ctx.constant(i64Vector(
             ctx, dims.slice(start, std::max<int64_t>(end - start, 0)))));
  return success();
}

/// Result of a Reshape/ConstantOfShape-style shape vector: 0 copies the
/// input dimension (unless allowzero), -1 is inferred.
FailureOr<SmallVector<int64_t>> resolveShape(NodeContext &ctx,
                                             ArrayRef<int64_t> input,
                                             SmallVector<int64_t> shape,
                                             bool allowZero) {
  int64_t inferred = -1;
  SmallVector<int64_t> knownDims;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (dim == 0 && !allowZero) {
      if (i >= input.size())
        return ctx.emitError()
               << "shape entry " << i << " is 0 but the input has rank "
               << input.size();
      dim = input[i];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return ctx.emitError() << "shape has more than one -1";
      inferred = i;
      continue;
    }
    if (dim < 0)
      return ctx.emitError() << "invalid shape entry " << dim;
    knownDims.push_back(dim);
  }
  std::optional<int64_t> known = checkedNumElements(knownDims);
  if (!known)
    return ctx.emitError() << "the shape " << shapeText(knownDims)
                           << " has over 2^40 elements";
  int64_t total = 1;
  for (int64_t d : input)
    total *= d;
  if (inferred >= 0) {
    if (*known == 0 || total % *known)
      return ctx.emitError() << "cannot infer -1: " << total
                             << " elements do not divide by " << *known;
    shape[inferred] = total / *known;
  }
  return shape;
}

LogicalResult reshape(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto target = ctx.opset < 5
                    ? FailureOr<SmallVector<int64_t>>(ctx.intsAttr("shape"))
                    : ctx.constantInts(1);
  if (!x || failed(target))
    return failure();
  auto shape =
      resolveShape(ctx, shapeOf(x), *target, ctx.intAttr("allowzero", 0) != 0);
  if (failed(shape))
    return failure();
  int64_t total = 1, count = 1;
  for (int64_t d : shapeOf(x))
    total *= d;
  for (int64_t d : *shape)
    count *= d;
  if (total != count)
    return ctx.emitError() << "cannot reshape " << x.getType() << " (" << total
                           << " elements) to " << count << " elements";
  ctx.setResult(0, ctx.reshape(x, *shape));
  return success();
}

LogicalResult flatten(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  int64_t axis = normalizeAxis(ctx.intAttr("axis", 1), dims.size());
  if (axis < 0 || axis > int64_t(dims.size()))
    return ctx.emitError() << "axis out of range";
  int64_t outer = 1, inner = 1;
  for (auto [i, d] : llvm::enumerate(dims))
    (int64_t(i) < axis ? outer : inner) *= d;
  ctx.setResult(0, ctx.reshape(x, {outer, inner}));
  return success();
}

LogicalResult transpose(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  SmallVector<int64_t> perm = ctx.intsAttr("perm");
  if (perm.empty())
    for (int64_t i = shapeOf(x).size() - 1; i >= 0; --i)
      perm.push_back(i);
  auto result = ctx.create<graph::TransposeOp>(
      {x}, {ctx.builder.getNamedAttr("perm",
                                     ctx.builder.getDenseI64ArrayAttr(perm))});
  return ctx.bindResult(result);
}

LogicalResult concat(NodeContext &ctx) {
  SmallVector<Value> inputs;
  for (int i = 0; i < ctx.node.input_size(); ++i) {
    inputs.push_back(ctx.input(i));
    if (!inputs.back())
      return failure();
  }
  auto result = ctx.create<graph::ConcatOp>(
      inputs, {ctx.builder.getNamedAttr("axis", ctx.builder.getI64IntegerAttr(
                                                    ctx.intAttr("axis", 0)))});
  return ctx.bindResult(result);
}

/// Emits a dlc.slice.
FailureOr<Value> sliceValue(NodeContext &ctx, Value x, ArrayRef<int64_t> starts,
                            ArrayRef<int64_t> ends, ArrayRef<int64_t> steps) {
  return ctx.create<graph::SliceOp>(
      {x},
      {ctx.builder.getNamedAttr("starts",
                                ctx.builder.getDenseI64ArrayAttr(starts)),
       ctx.builder.getNamedAttr("ends", ctx.builder.getDenseI64ArrayAttr(ends)),
       ctx.builder.getNamedAttr("steps",
                                ctx.builder.getDenseI64ArrayAttr(steps))});
}

LogicalResult slice(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  // Before opset 10, starts/ends/axes were attributes.
  bool legacy = ctx.opset < 10;
  auto starts = legacy ? FailureOr<SmallVector<int64_t>>(ctx.intsAttr("starts"))
                       : ctx.constantInts(1);
  auto ends = legacy ? FailureOr<SmallVector<int64_t>>(ctx.intsAttr("ends"))
                     : ctx.constantInts(2);
  if (failed(starts) || failed(ends))
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  int64_t rank = dims.size();
  SmallVector<int64_t> axes, steps;
  if (legacy && ctx.hasAttr("axes")) {
    axes = ctx.intsAttr("axes");
  } else if (!legacy && ctx.hasInput(3)) {
    auto a = ctx.constantInts(3);
    if (failed(a))
      return failure();
    axes = *a;
  } else {
    for (size_t i = 0; i < starts->size(); ++i)
      axes.push_back(i);
  }
  if (!legacy && ctx.hasInput(4)) {
    auto s = ctx.constantInts(4);
    if (failed(s))
      return failure();
    steps = *s;
  } else {
    steps.assign(starts->size(), 1);
  }
  if (axes.size() != starts->size() || ends->size() != starts->size() ||
      steps.size() != starts->size())
    return ctx.emitError() << "starts, ends, axes and steps differ in length";
  SmallVector<int64_t> fullStarts(rank, 0), fullEnds(dims), fullSteps(rank, 1);
  SmallVector<std::pair<int64_t, SmallVector<int64_t>>> reversed;
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = normalizeAxis(axes[i], rank);
    if (axis < 0 || axis >= rank)
      return ctx.emitError() << "axis " << axes[i] << " is out of range";
    if (steps[i] == 0)
      return ctx.emitError() << "slice step 0 is invalid";
    int64_t dim = dims[axis];
    if (steps[i] < 0) {
      // Negative steps walk backwards; clamping follows the ONNX rules
      // ([-1, dim-1] for starts and ends), then a gather picks the indices.
      auto clampBackward = [&](int64_t v) {
        if (v < 0)
          v += dim;
        return std::clamp<int64_t>(v, -1, dim - 1);
      };
      int64_t start = clampBackward((*starts)[i]);
      int64_t end = clampBackward((*ends)[i]);
      // The gather's indices are built here: bounded like other built
      // constants, and counted without stepping past int64's range.
      uint64_t stride = 0 - uint64_t(steps[i]);
      uint64_t count =
          start > end ? (uint64_t(start - end) - 1) / stride + 1 : 0;
      if (count > uint64_t(kMaxBuiltConstantElements))
        return ctx.emitError()
               << "a backward slice of " << count << " elements along axis "
               << axis << " is too large to build (at most 2^24)";
      reversed.push_back({axis, {}});
      for (uint64_t k = 0; k < count; ++k)
        reversed.back().second.push_back(start - int64_t(k * stride));
      continue;
    }
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v += dim;
      return std::clamp<int64_t>(v, 0, dim);
    };
    fullStarts[axis] = clampIndex((*starts)[i]);
    fullEnds[axis] = std::max(fullStarts[axis], clampIndex((*ends)[i]));
    fullSteps[axis] = steps[i];
  }
  auto result = sliceValue(ctx, x, fullStarts, fullEnds, fullSteps);
  if (failed(result))
    return failure();
  Value value = *result;
  for (auto &[axis, indices] : reversed) {
    if (indices.empty())
      return ctx.emitError() << "empty backward slices are not supported";
    auto gathered = ctx.create<graph::GatherOp>(
        {value, ctx.constant(i64Vector(ctx, indices))},
        {ctx.builder.getNamedAttr("axis",
                                  ctx.builder.getI64IntegerAttr(axis))});
    if (failed(gathered))
      return failure();
    value = *gathered;
  }
  ctx.setResult(0, value);
  return success();
}

LogicalResult split(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  int64_t rank = dims.size();
  int64_t axis = normalizeAxis(ctx.intAttr("axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return ctx.emitError() << "axis out of range";
  SmallVector<int64_t> sizes;
  int64_t outputs = ctx.node.output_size();
  if (ctx.hasInput(1)) {
    auto s = ctx.constantInts(1);
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (ctx.hasAttr("split")) {
    sizes = ctx.intsAttr("split");
  } else {
    int64_t n = ctx.intAttr("num_outputs", outputs);
    int64_t chunk = (dims[axis] + n - 1) / n;
    for (int64_t i = 0, left = dims[axis]; i < n; ++i, left -= chunk)
      sizes.push_back(std::min(chunk, left));
  }
  int64_t sum = 0;
  for (int64_t s : sizes)
    sum += s;
  if (int64_t(sizes.size()) != outputs || sum != dims[axis])
    return ctx.emitError() << "split sizes do not match " << outputs
                           << " outputs over a dimension of " << dims[axis];
  int64_t offset = 0;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    SmallVector<int64_t> starts(rank, 0), ends(dims), steps(rank, 1);
    starts[axis] = offset;
    ends[axis] = offset + size;
    auto part = sliceValue(ctx, x, starts, ends, steps);
    if (failed(part))
      return failure();
    ctx.setResult(i, *part);
    offset += size;
  }
  return success();
}

LogicalResult gather(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  if (!data || !indices)
    return failure();
  int64_t rank = shapeOf(data).size();
  int64_t axis = normalizeAxis(ctx.intAttr("axis", 0), rank);
  auto result = ctx.create<graph::GatherOp>(
      {data, indices},
      {ctx.builder.getNamedAttr("axis", ctx.builder.getI64IntegerAttr(axis))});
  return ctx.bindResult(result);
}

LogicalResult gatherElements(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  if (!data || !indices)
    return failure();
  int64_t axis = normalizeAxis(ctx.intAttr("axis", 0), shapeOf(data).size());
  auto result = ctx.create<graph::GatherElementsOp>(
      {data, indices},
      {ctx.builder.getNamedAttr("axis", ctx.builder.getI64IntegerAttr(axis))});
  return ctx.bindResult(result);
}

LogicalResult gatherND(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  if (!data || !indices)
    return failure();
  auto result = ctx.create<graph::GatherNDOp>(
      {data, indices}, {ctx.builder.getNamedAttr(
                           "batch_dims", ctx.builder.getI64IntegerAttr(
                                             ctx.intAttr("batch_dims", 0)))});
  return ctx.bindResult(result);
}

FailureOr<SmallVector<int64_t>> axesOf(NodeContext &ctx) {
  if (ctx.hasInput(1))
    return ctx.constantInts(1);
  return ctx.intsAttr("axes");
}

void setReshaped(NodeContext &ctx, Value x, ArrayRef<int64_t> shape) {
  ctx.setResult(0, ctx.reshape(x, shape));
}

LogicalResult unsqueeze(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto axes = axesOf(ctx);
  if (!x || failed(axes))
    return failure();
  int64_t rank = shapeOf(x).size() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : *axes) {
    int64_t a = normalizeAxis(axis, rank);
    if (a < 0 || a >= rank || inserted[a])
      return ctx.emitError() << "invalid axis " << axis;
    inserted[a] = true;
  }
  SmallVector<int64_t> shape;
  auto dims = shapeOf(x).begin();
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(inserted[i] ? 1 : *dims++);
  setReshaped(ctx, x, shape);
  return success();
}

LogicalResult squeeze(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto axes = axesOf(ctx);
  if (!x || failed(axes))
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  SmallVector<bool> removed(dims.size(), false);
  for (int64_t axis : *axes) {
    int64_t a = normalizeAxis(axis, dims.size());
    if (a < 0 || a >= int64_t(dims.size()) || dims[a] != 1)
      return ctx.emitError()
             << "cannot squeeze axis " << axis << " of " << x.getType();
    removed[a] = true;
  }
  SmallVector<int64_t> shape;
  for (auto [i, d] : llvm::enumerate(dims))
    if (!(axes->empty() ? d == 1 : removed[i]))
      shape.push_back(d);
  setReshaped(ctx, x, shape);
  return success();
}

LogicalResult expand(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto target = ctx.constantInts(1);
  if (!x || failed(target))
    return failure();
  auto shape = graph::broadcastShapes(shapeOf(x), *target);
  if (succeeded(shape) && llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    shape = failure();
  if (failed(shape))
    return ctx.emitError() << "cannot expand " << x.getType() << " to shape ["
                           << llvm::make_range(target->begin(), target->end())
                           << "]";
  auto type = cast<RankedTensorType>(x.getType()).clone(*shape);
  ctx.setResult(0, graph::BroadcastToOp::create(ctx.builder, ctx.loc, type, x));
  return success();
}

LogicalResult constantOfShape(NodeContext &ctx) {
  auto shape = ctx.constantInts(0);
  if (failed(shape))
    return failure();
  DenseElementsAttr element = DenseElementsAttr::get(
      RankedTensorType::get({1}, ctx.builder.getF32Type()), 0.0f);
  if (const auto *a = ctx.attr("value")) {
    auto value = convertTensor(a->t(), ctx.getBaseDir(), ctx.loc);
    if (failed(value))
      return failure();
    element = *value;
  }
  if (element.getNumElements() != 1)
    return ctx.emitError() << "'value' must hold one element, it holds "
                           << element.getNumElements();
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    return ctx.emitError() << "negative dimension in the shape";
  if (!checkedNumElements(*shape))
    return ctx.emitError() << "the shape has over 2^40 elements";
  auto type = RankedTensorType::get(*shape, element.getElementType());
  ctx.setResult(0, ctx.constant(DenseElementsAttr::get(
                       type, element.getValues<Attribute>()[0])));
  return success();
}

/// The source index of padded position `i` (relative to the first original
/// element) along an axis of `size` elements: edge repeats the border,
/// reflect mirrors without repeating it, wrap is periodic.
int64_t padSourceIndex(StringRef mode, int64_t i, int64_t size) {
  if (mode == "edge")
    return std::clamp<int64_t>(i, 0, size - 1);
  if (mode == "wrap")
    return ((i % size) + size) % size;
  if (size == 1)
    return 0;
  int64_t period = 2 * (size - 1);
  i = ((i % period) + period) % period;
  return i < size ? i : period - i;
}

/// Edge, reflect and wrap padding: one gather per padded axis with the
/// source index of every output position.
FailureOr<Value> padByGathers(NodeContext &ctx, Value x, StringRef mode,
                              ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
  SmallVector<int64_t> shape(shapeOf(x));
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    if (low[axis] == 0 && high[axis] == 0)
      continue;
    if (mode == "reflect" &&
        (low[axis] >= shape[axis] || high[axis] >= shape[axis]))
      return ctx.emitError() << "reflect padding of " << low[axis] << " and "
                             << high[axis] << " needs more than " << shape[axis]
                             << " elements on axis " << axis;
    if (low[axis] > kMaxBuiltConstantElements ||
        high[axis] > kMaxBuiltConstantElements)
      return ctx.emitError()
             << mode << " padding of " << low[axis] << " and " << high[axis]
             << " on axis " << axis << " is over 2^24 elements";
    if (failed(ctx.checkBuiltConstant({low[axis] + shape[axis] + high[axis]},
                                      "the source indices of the padding")))
      return failure();
    SmallVector<int64_t> indices;
    for (int64_t o = 0; o < low[axis] + shape[axis] + high[axis]; ++o)
      indices.push_back(padSourceIndex(mode, o - low[axis], shape[axis]));
    auto gathered = ctx.gatherAlong(x, axis, indices);
    if (failed(gathered))
      return failure();
    x = *gathered;
  }
  return x;
}

LogicalResult pad(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  std::string mode = ctx.stringAttr("mode", "constant");
  if (!llvm::is_contained({"constant", "edge", "reflect", "wrap"}, mode))
    return ctx.emitError() << "unknown pad mode '" << mode << "'";
  int64_t rank = shapeOf(x).size();
  auto pads = ctx.opset < 11
                  ? FailureOr<SmallVector<int64_t>>(ctx.intsAttr("pads"))
                  : ctx.constantInts(1);
  if (failed(pads))
    return failure();
  SmallVector<int64_t> axes;
  if (ctx.opset >= 18 && ctx.hasInput(3)) {
    auto a = ctx.constantInts(3);
    if (failed(a))
      return failure();
    for (int64_t axis : *a)
      axes.push_back(normalizeAxis(axis, rank));
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  if (pads->size() != 2 * axes.size())
    return ctx.emitError() << "expects " << 2 * axes.size() << " pads, got "
                           << pads->size();
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= rank)
      return ctx.emitError() << "axis out of range";
    low[axis] = (*pads)[i];
    high[axis] = (*pads)[i + axes.size()];
    for (int64_t amount : {low[axis], high[axis]})
      if (amount < -kMaxTensorElements || amount > kMaxTensorElements)
        return ctx.emitError() << "pad of " << amount << " on axis " << axis
                               << " is over 2^40 elements";
  }
  // Negative pads remove elements: the input is cropped first, then padded
  // by the positive amounts (as onnxruntime does).
  if (llvm::any_of(llvm::concat<int64_t>(low, high),
                   [](int64_t p) { return p < 0; })) {
    ArrayRef<int64_t> shape = shapeOf(x);
    SmallVector<int64_t> starts(rank), ends(rank), steps(rank, 1);
    for (int64_t d = 0; d < rank; ++d) {
      starts[d] = std::max<int64_t>(-low[d], 0);
      ends[d] = shape[d] - std::max<int64_t>(-high[d], 0);
      if (ends[d] < starts[d])
        return ctx.emitError() << "pads crop more than the " << shape[d]
                               << " elements of axis " << d;
      low[d] = std::max<int64_t>(low[d], 0);
      high[d] = std::max<int64_t>(high[d], 0);
    }
    auto cropped = sliceValue(ctx, x, starts, ends, steps);
    if (failed(cropped))
      return failure();
    x = *cropped;
  }
  if (mode != "constant")
    return ctx.bindResult(padByGathers(ctx, x, mode, low, high));
  double value = ctx.opset < 11 ? ctx.floatAttr("value", 0.0f) : 0.0;
  if (ctx.opset >= 11 && ctx.hasInput(2)) {
    auto v = ctx.constantInput(2);
    if (failed(v))
      return failure();
    if (v->getNumElements() != 1)
      return ctx.emitError()
             << "constant_value must be a scalar, got " << v->getType();
    value = isa<FloatType>(v->getElementType())
                ? (*v).getSplatValue<APFloat>().convertToDouble()
                : double((*v).getSplatValue<APInt>().getSExtValue());
  }
  auto result = ctx.create<graph::PadOp>(
      {x},
      {ctx.builder.getNamedAttr("low", ctx.builder.getDenseI64ArrayAttr(low)),
       ctx.builder.getNamedAttr("high", ctx.builder.getDenseI64ArrayAttr(high)),
       ctx.builder.getNamedAttr("value", ctx.builder.getF64FloatAttr(value))});
  return ctx.bindResult(result);
}

/// Tile: x [d0, d1, ..] viewed as [1, d0, 1, d1, ..], broadcast to
/// [r0, d0, r1, d1, ..] and flattened pairwise to [r0*d0, r1*d1, ..].
LogicalResult tile(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto repeats = ctx.constantInts(1);
  if (!x || failed(repeats))
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  if (repeats->size() != dims.size())
    return ctx.emitError() << "repeats needs one entry per dimension";
  SmallVector<int64_t> spread, tiled, result;
  for (auto [dim, count] : llvm::zip_equal(dims, *repeats)) {
    if (count < 1)
      return ctx.emitError() << "repeat count " << count << " is not supported";
    spread.append({1, dim});
    tiled.append({count, dim});
  }
  if (!checkedNumElements(tiled))
    return ctx.emitError() << "the result would have over 2^40 elements";
  for (auto [dim, count] : llvm::zip_equal(dims, *repeats))
    result.push_back(dim * count);
  if (ArrayRef<int64_t>(result) == dims) {
    ctx.setResult(0, x);
    return success();
  }
  auto type = cast<RankedTensorType>(x.getType());
  Value broadcast = graph::BroadcastToOp::create(
      ctx.builder, ctx.loc, type.clone(tiled), ctx.reshape(x, spread));
  ctx.setResult(0, ctx.reshape(broadcast, result));
  return success();
}

/// Trilu: a constant mask over the last two dimensions selects x or 0.
LogicalResult trilu(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  if (dims.size() < 2)
    return ctx.emitError() << "expects rank >= 2";
  int64_t k = 0;
  if (ctx.hasInput(1)) {
    auto values = ctx.constantInts(1);
    if (failed(values))
      return failure();
    k = values->front();
  }
  bool upper = ctx.intAttr("upper", 1) != 0;
  int64_t n = dims[dims.size() - 2], m = dims.back();
  if (failed(ctx.checkBuiltConstant({n, m}, "the triangular mask")))
    return failure();
  SmallVector<bool> keep;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j)
      keep.push_back(upper ? j - i >= k : j - i <= k);
  auto maskType = RankedTensorType::get({n, m}, ctx.builder.getI1Type());
  Value mask = ctx.constant(DenseElementsAttr::get(maskType, keep));
  Type element = getElementTypeOrSelf(x.getType());
  Value zero = ctx.scalar(0, element);
  auto result = ctx.create<graph::SelectOp>({mask, x, zero});
  return ctx.bindResult(result);
}

/// DepthToSpace and SpaceToDepth: a reshape, a transpose and a reshape.
LogicalResult depthToSpace(NodeContext &ctx, bool toSpace) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  int64_t b = ctx.intAttr("blocksize", 0);
  // blocksize^2 must not overflow: it divides the channels.
  if (dims.size() != 4 || b < 1 || b > (int64_t(1) << 20))
    return ctx.emitError()
           << "expects an NCHW input and blocksize in [1, 2^20], got " << b;
  int64_t n = dims[0], c = dims[1], h = dims[2], w = dims[3];
  SmallVector<int64_t> split, perm, result;
  if (toSpace) {
    if (c % (b * b) != 0)
      return ctx.emitError()
             << "channels " << c << " are not a multiple of blocksize^2";
    int64_t out = c / (b * b);
    // DCR: channels are (b1, b2, C'); CRD: (C', b1, b2).
    bool crd = ctx.stringAttr("mode", "DCR") == "CRD";
    split = crd ? SmallVector<int64_t>{n, out, b, b, h, w}
                : SmallVector<int64_t>{n, b, b, out, h, w};
    perm = crd ? SmallVector<int64_t>{0, 1, 4, 2, 5, 3}
               : SmallVector<int64_t>{0, 3, 4, 1, 5, 2};
    result = {n, out, h * b, w * b};
  } else {
    if (h % b != 0 || w % b != 0)
      return ctx.emitError() << "spatial size " << h << "x" << w
                             << " is not a multiple of blocksize";
    split = {n, c, h / b, b, w / b, b};
    perm = {0, 3, 5, 1, 2, 4};
    result = {n, c * b * b, h / b, w / b};
  }
  auto moved = ctx.create<graph::TransposeOp>(
      {ctx.reshape(x, split)},
      {ctx.builder.getNamedAttr("perm",
                                ctx.builder.getDenseI64ArrayAttr(perm))});
  if (failed(moved))
    return failure();
  ctx.setResult(0, ctx.reshape(*moved, result));
  return success();
}

/// EyeLike: a constant with ones on the k-th diagonal.
LogicalResult eyeLike(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  if (dims.size() != 2)
    return ctx.emitError() << "expects a 2-D input";
  Type element = getElementTypeOrSelf(x.getType());
  if (ctx.hasAttr("dtype")) {
    element = convertElementType(ctx.intAttr("dtype", 1), ctx.getContext());
    if (!element)
      return ctx.emitError() << "unsupported dtype";
  }
  int64_t k = ctx.intAttr("k", 0);
  if (failed(ctx.checkBuiltConstant(dims, "the identity matrix")))
    return failure();
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < dims[0]; ++i)
    for (int64_t j = 0; j < dims[1]; ++j) {
      double v = j - i == k ? 1.0 : 0.0;
      values.push_back(
          isa<FloatType>(element)
              ? Attribute(ctx.builder.getFloatAttr(element, v))
              : Attribute(ctx.builder.getIntegerAttr(element, int64_t(v))));
    }
  ctx.setResult(0, ctx.constant(DenseElementsAttr::get(
                       RankedTensorType::get(dims, element), values)));
  return success();
}

/// CumSum along a constant axis: a sum over the other index of a constant
/// triangular mask, out[..i..] = sum_j x[..j..] * m[i, j] (m is 1 where j
/// precedes i, per `exclusive` and `reverse`). Quadratic in the axis length,
/// which is meant for position ids and masks.
LogicalResult cumSum(NodeContext &ctx) {
  Value x = ctx.input(0);
  auto axes = ctx.constantInts(1);
  if (!x || failed(axes))
    return failure();
  SmallVector<int64_t> dims(shapeOf(x));
  int64_t rank = dims.size();
  if (axes->size() != 1)
    return ctx.emitError() << "expects one axis";
  auto checked = ctx.checkedAxis(axes->front(), rank);
  if (failed(checked))
    return failure();
  int64_t axis = *checked;
  int64_t len = dims[axis];
  if (failed(ctx.checkBuiltConstant({len, len}, "the prefix-sum mask")))
    return failure();
  bool exclusive = ctx.intAttr("exclusive", 0) != 0;
  bool reverse = ctx.intAttr("reverse", 0) != 0;
  Type element = getElementTypeOrSelf(x.getType());
  // mask[i, j] broadcast as [1.., len(i), len(j), 1..] over x unsqueezed
  // after the axis: x[.., 1, len(j), ..].
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < len; ++i)
    for (int64_t j = 0; j < len; ++j) {
      bool on =
          reverse ? (exclusive ? j > i : j >= i) : (exclusive ? j < i : j <= i);
      values.push_back(
          isa<FloatType>(element)
              ? Attribute(ctx.builder.getFloatAttr(element, on))
              : Attribute(ctx.builder.getIntegerAttr(element, on)));
    }
  SmallVector<int64_t> maskShape(rank + 1, 1);
  maskShape[axis] = len;
  maskShape[axis + 1] = len;
  Value mask = ctx.constant(DenseElementsAttr::get(
      RankedTensorType::get(maskShape, element), values));
  SmallVector<int64_t> spread(dims);
  spread.insert(spread.begin() + axis, 1);
  auto products = ctx.create<graph::MulOp>({ctx.reshape(x, spread), mask});
  if (failed(products))
    return failure();
  auto sums = ctx.create<graph::ReduceSumOp>(
      {*products},
      {ctx.builder.getNamedAttr("axes",
                                ctx.builder.getDenseI64ArrayAttr({axis + 1})),
       ctx.builder.getNamedAttr("keepdims", ctx.builder.getBoolAttr(false))});
  return ctx.bindResult(sums);
}

/// 0, 1, ..., len - 1 (i64) along dim `axis` of a rank-`rank` tensor whose
/// other dims are 1: compared with an index tensor, it makes one-hot masks.
Value positionsAlong(NodeContext &ctx, int64_t len, int64_t axis,
                     int64_t rank) {
  SmallVector<int64_t> shape(rank, 1), values;
  shape[axis] = len;
  for (int64_t i = 0; i < len; ++i)
    values.push_back(i);
  return ctx.constant(DenseElementsAttr::get(
      RankedTensorType::get(shape, ctx.builder.getI64Type()),
      ArrayRef<int64_t>(values)));
}

FailureOr<Value> equalTo(NodeContext &ctx, Value lhs, Value rhs) {
  return ctx.create<graph::CompareOp>(
      {lhs, rhs},
      {ctx.builder.getNamedAttr("direction", ctx.builder.getStringAttr("eq"))});
}

/// Hardmax: 1 at the first maximum along `axis`, 0 elsewhere.
LogicalResult hardmax(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> dims = shapeOf(x);
  int64_t rank = dims.size();
  auto checked = ctx.axisAttr("axis", -1, rank);
  if (failed(checked))
    return failure();
  int64_t axis = *checked;
  if (failed(ctx.checkBuiltConstant({dims[axis]}, "the positions along axis " +
                                                      std::to_string(axis))))
    return failure();
  auto best = ctx.create<graph::ArgMaxOp>(
      {x},
      {ctx.builder.getNamedAttr("axis", ctx.builder.getI64IntegerAttr(axis)),
       ctx.builder.getNamedAttr("keepdims", ctx.builder.getBoolAttr(true))});
  if (failed(best))
    return failure();
  auto mask = equalTo(ctx, *best, positionsAlong(ctx, dims[axis], axis, rank));
  if (failed(mask))
    return failure();
  ctx.setResult(0, graph::CastOp::create(ctx.builder, ctx.loc,
                                         cast<RankedTensorType>(x.getType()),
                                         *mask));
  return success();
}

/// OneHot: values[1] where the (wrapped) index equals the position along
/// the new `axis`, values[0] elsewhere.
LogicalResult oneHot(NodeContext &ctx) {
  Value indices = ctx.input(0);
  auto depth = ctx.constantInput(1);
  Value values = ctx.input(2);
  if (!indices || failed(depth) || !values)
    return failure();
  if (depth->getNumElements() != 1)
    return ctx.emitError() << "depth must be a scalar, got "
                           << depth->getType();
  int64_t n = isa<FloatType>(depth->getElementType())
                  ? int64_t(depth->getSplatValue<APFloat>().convertToDouble())
                  : depth->getSplatValue<APInt>().getSExtValue();
  auto valuesType = cast<RankedTensorType>(values.getType());
  if (n < 1 || valuesType.getNumElements() != 2)
    return ctx.emitError() << "expects depth >= 1 and two values";
  if (failed(ctx.checkBuiltConstant({n}, "depth")))
    return failure();
  SmallVector<int64_t> dims(shapeOf(indices));
  int64_t rank = dims.size() + 1;
  auto checked = ctx.axisAttr("axis", -1, rank);
  if (failed(checked))
    return failure();
  int64_t axis = *checked;
  auto i64 =
      cast<RankedTensorType>(indices.getType()).clone(ctx.builder.getI64Type());
  Value index = graph::CastOp::create(ctx.builder, ctx.loc, i64, indices);
  // Negative indices count from the end: i + depth where i < 0.
  auto negative = ctx.create<graph::CompareOp>(
      {index, ctx.scalar(0, ctx.builder.getI64Type())},
      {ctx.builder.getNamedAttr("direction", ctx.builder.getStringAttr("lt"))});
  auto wrapped = ctx.create<graph::AddOp>(
      {index, ctx.scalar(float(n), ctx.builder.getI64Type())});
  if (failed(negative) || failed(wrapped))
    return failure();
  auto fixed = ctx.create<graph::SelectOp>({*negative, *wrapped, index});
  if (failed(fixed))
    return failure();
  SmallVector<int64_t> spread(dims);
  spread.insert(spread.begin() + axis, 1);
  auto hot = equalTo(ctx, ctx.reshape(*fixed, spread),
                     positionsAlong(ctx, n, axis, rank));
  if (failed(hot))
    return failure();
  Value pair = ctx.reshape(values, {2});
  auto pick = [&](int64_t i) -> FailureOr<Value> {
    return ctx.create<graph::SliceOp>(
        {pair}, {ctx.builder.getNamedAttr(
                     "starts", ctx.builder.getDenseI64ArrayAttr({i})),
                 ctx.builder.getNamedAttr(
                     "ends", ctx.builder.getDenseI64ArrayAttr({i + 1})),
                 ctx.builder.getNamedAttr(
                     "steps", ctx.builder.getDenseI64ArrayAttr({1}))});
  };
  auto off = pick(0), on = pick(1);
  if (failed(off) || failed(on))
    return failure();
  return ctx.bindResult(ctx.create<graph::SelectOp>({*hot, *on, *off}));
}

LogicalResult range(NodeContext &ctx) {
  auto start = ctx.constantInput(0), limit = ctx.constantInput(1),
       delta = ctx.constantInput(2);
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  Type element = start->getElementType();
  for (DenseElementsAttr operand : {*start, *limit, *delta})
    if (operand.getNumElements() != 1)
      return ctx.emitError() << "start, limit and delta must be scalars";
  auto read = [](DenseElementsAttr a) {
    return isa<FloatType>(a.getElementType())
               ? a.getSplatValue<APFloat>().convertToDouble()
               : double(a.getSplatValue<APInt>().getSExtValue());
  };
  double s = read(*start), l = read(*limit), d = read(*delta);
  if (d == 0)
    return ctx.emitError() << "delta is 0";
  double steps = std::ceil((l - s) / d);
  // Evaluated here, element by element: bounded well below the 2^40 of
  // other tensors.
  constexpr int64_t kMaxRangeElements = int64_t(1) << 24;
  if (!std::isfinite(steps) || steps > double(kMaxRangeElements)) {
    char text[160];
    std::snprintf(text, sizeof(text),
                  "Range(%.10g, %.10g, %.10g) has %.10g elements", s, l, d,
                  steps);
    return ctx.emitError() << text
                           << "; dlc evaluates Range at compile time, up to "
                              "2^24 elements";
  }
  int64_t n = std::max<int64_t>(0, int64_t(steps));
  auto type = RankedTensorType::get({n}, element);
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < n; ++i) {
    double v = s + i * d;
    values.push_back(
        isa<FloatType>(element)
            ? Attribute(ctx.builder.getFloatAttr(element, v))
            : Attribute(ctx.builder.getIntegerAttr(element, int64_t(v))));
  }
  ctx.setResult(0, ctx.constant(DenseElementsAttr::get(type, values)));
  return success();
}
} // namespace

void dlc::onnx_import::registerShapeNodes(NodeHandlerMap &handlers) {
  handlers["Constant"] = constantNode;
  handlers["Shape"] = shape;
  handlers["Size"] = size;
  handlers["Reshape"] = reshape;
  handlers["Flatten"] = flatten;
  handlers["Transpose"] = transpose;
  handlers["Concat"] = concat;
  handlers["Slice"] = slice;
  handlers["Split"] = split;
  handlers["Gather"] = gather;
  handlers["GatherElements"] = gatherElements;
  handlers["GatherND"] = gatherND;
  handlers["Unsqueeze"] = unsqueeze;
  handlers["Squeeze"] = squeeze;
  handlers["Expand"] = expand;
  handlers["ConstantOfShape"] = constantOfShape;
  handlers["Range"] = range;
  handlers["Pad"] = pad;
  handlers["Tile"] = tile;
  handlers["Trilu"] = trilu;
  handlers["DepthToSpace"] = [](NodeContext &c) {
    return depthToSpace(c, /*toSpace=*/true);
  };
  handlers["SpaceToDepth"] = [](NodeContext &c) {
    return depthToSpace(c, /*toSpace=*/false);
  };
  handlers["EyeLike"] = eyeLike;
  handlers["Hardmax"] = hardmax;
  handlers["OneHot"] = oneHot;
  handlers["CumSum"] = cumSum;
}
