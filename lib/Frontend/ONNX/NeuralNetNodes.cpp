//===- NeuralNetNodes.cpp - ONNX conv, pooling, matmul, normalization -----===//

#include "NodeImporter.h"

using namespace mlir;
using namespace dlc::onnx_import;
namespace graph = dlc::graph;

namespace {
NamedAttribute named(NodeContext &ctx, StringRef name, Attribute value) {
  return ctx.builder.getNamedAttr(name, value);
}

/// Only a node's first output is computed; the optional extra outputs of
/// training-mode ops must not be requested.
LogicalResult requireSingleOutput(NodeContext &ctx) {
  for (int i = 1; i < ctx.node.output_size(); ++i)
    if (!ctx.node.output(i).empty())
      return ctx.emitError() << "output #" << i << " ('" << ctx.node.output(i)
                             << "') is not supported (inference only)";
  return success();
}

/// Resolves `pads` ([begin..., end...]) for a sliding window, honouring
/// auto_pad. `spatial`, `kernel`, `strides`, `dilations` have one entry per
/// spatial dimension.
FailureOr<SmallVector<int64_t>> windowPads(NodeContext &ctx,
                                           ArrayRef<int64_t> spatial,
                                           ArrayRef<int64_t> kernel,
                                           ArrayRef<int64_t> strides,
                                           ArrayRef<int64_t> dilations) {
  size_t n = spatial.size();
  std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    SmallVector<int64_t> pads = ctx.intsAttr("pads");
    if (pads.empty())
      pads.assign(2 * n, 0);
    if (pads.size() != 2 * n)
      return ctx.emitError()
             << "expects " << 2 * n << " pads, got " << pads.size();
    return pads;
  }
  SmallVector<int64_t> pads(2 * n, 0);
  if (autoPad == "VALID")
    return pads;
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return ctx.emitError() << "unknown auto_pad '" << autoPad << "'";
  for (size_t i = 0; i < n; ++i) {
    int64_t out = (spatial[i] + strides[i] - 1) / strides[i];
    int64_t effective = (kernel[i] - 1) * dilations[i] + 1;
    int64_t total =
        std::max<int64_t>(0, (out - 1) * strides[i] + effective - spatial[i]);
    int64_t small = total / 2;
    pads[i] = autoPad == "SAME_UPPER" ? small : total - small;
    pads[i + n] = total - pads[i];
  }
  return pads;
}

SmallVector<int64_t> intsOr(NodeContext &ctx, StringRef name, size_t n,
                            int64_t fill) {
  SmallVector<int64_t> values = ctx.intsAttr(name);
  if (values.empty())
    values.assign(n, fill);
  return values;
}

/// 1-D windows run as 2-D ones with a unit height.
Value insertUnitHeight(NodeContext &ctx, Value x) {
  auto shape = llvm::to_vector(cast<RankedTensorType>(x.getType()).getShape());
  shape.insert(shape.begin() + 2, 1);
  return ctx.reshape(x, shape);
}

struct Window {
  // 2-D (1-D windows get a unit height) or 3-D, ONNX order.
  SmallVector<int64_t> kernel, strides, dilations, pads;
  bool oneDimensional = false;
};

/// Reads a node's window attributes for `input`, whose spatial rank must be
/// at most `maxSpatialRank` (2 for convolutions, 3 for pooling).
FailureOr<Window> readWindow(NodeContext &ctx, RankedTensorType input,
                             ArrayRef<int64_t> kernel,
                             int64_t maxSpatialRank = 2) {
  int64_t spatialRank = input.getRank() - 2;
  if (spatialRank < 1 || spatialRank > maxSpatialRank)
    return ctx.emitError() << "only 1-D to " << maxSpatialRank
                           << "-D windows are supported, got " << spatialRank
                           << "-D input " << input;
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = intsOr(ctx, "strides", spatialRank, 1);
  w.dilations = intsOr(ctx, "dilations", spatialRank, 1);
  if (w.kernel.size() != size_t(spatialRank) ||
      w.strides.size() != size_t(spatialRank) ||
      w.dilations.size() != size_t(spatialRank))
    return ctx.emitError() << "kernel_shape, strides and dilations need "
                           << spatialRank << " entries";
  auto pads = windowPads(ctx, input.getShape().drop_front(2), w.kernel,
                         w.strides, w.dilations);
  if (failed(pads))
    return failure();
  w.pads = *pads;
  if (spatialRank == 1) {
    w.oneDimensional = true;
    w.kernel.insert(w.kernel.begin(), 1);
    w.strides.insert(w.strides.begin(), 1);
    w.dilations.insert(w.dilations.begin(), 1);
    w.pads = {0, w.pads[0], 0, w.pads[1]};
  }
  return w;
}

/// Undoes insertUnitHeight on a result.
Value finishWindow(NodeContext &ctx, const Window &w, Value result) {
  if (!w.oneDimensional)
    return result;
  auto shape =
      llvm::to_vector(cast<RankedTensorType>(result.getType()).getShape());
  shape.erase(shape.begin() + 2);
  return ctx.reshape(result, shape);
}

LogicalResult conv(NodeContext &ctx) {
  Value x = ctx.input(0), w = ctx.input(1);
  if (!x || !w)
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  SmallVector<int64_t> kernel = ctx.intsAttr("kernel_shape");
  if (kernel.empty())
    kernel.assign(wType.getShape().begin() + 2, wType.getShape().end());
  auto window = readWindow(ctx, xType, kernel);
  if (failed(window))
    return failure();
  if (window->oneDimensional) {
    x = insertUnitHeight(ctx, x);
    w = insertUnitHeight(ctx, w);
  }
  SmallVector<Value> operands = {x, w};
  if (ctx.hasInput(2))
    operands.push_back(ctx.input(2));
  auto result = ctx.create<graph::Conv2DOp>(
      operands,
      {named(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(window->strides)),
       named(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(window->pads)),
       named(ctx, "dilations",
             ctx.builder.getDenseI64ArrayAttr(window->dilations)),
       named(ctx, "group",
             ctx.builder.getI64IntegerAttr(ctx.intAttr("group", 1)))});
  if (failed(result))
    return failure();
  ctx.setResult(0, finishWindow(ctx, *window, *result));
  return success();
}

/// ConvTranspose as the convolution it is the gradient of: the input with
/// stride-1 zeros between its pixels, padded by (k-1)*d minus the pads
/// (plus output_padding at the end; negative amounts crop), convolved at
/// stride 1 with the filter's channels swapped per group and its window
/// reversed.
LogicalResult convTranspose(NodeContext &ctx) {
  Value x = ctx.input(0), w = ctx.input(1);
  if (!x || !w)
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t rank = xType.getRank();
  if ((rank != 3 && rank != 4) || wType.getRank() != rank)
    return ctx.emitError() << "only 1-D and 2-D windows are supported, got "
                           << xType << " and filter " << wType;
  if (rank == 3) {
    x = insertUnitHeight(ctx, x);
    w = insertUnitHeight(ctx, w);
    xType = cast<RankedTensorType>(x.getType());
    wType = cast<RankedTensorType>(w.getType());
  }
  auto lift = [&](SmallVector<int64_t> values, int64_t fill) {
    if (rank == 3)
      values.insert(values.begin(), fill);
    return values;
  };
  size_t n = rank - 2;
  int64_t group = ctx.intAttr("group", 1);
  SmallVector<int64_t> kernel = ctx.intsAttr("kernel_shape");
  kernel = kernel.empty() ? SmallVector<int64_t>(wType.getShape().drop_front(2))
                          : lift(kernel, 1);
  SmallVector<int64_t> strides = lift(intsOr(ctx, "strides", n, 1), 1);
  SmallVector<int64_t> dilations = lift(intsOr(ctx, "dilations", n, 1), 1);
  SmallVector<int64_t> outputPadding =
      lift(intsOr(ctx, "output_padding", n, 0), 0);
  SmallVector<int64_t> in(xType.getShape().drop_front(2));
  int64_t channels = xType.getDimSize(1);
  if (kernel.size() != 2 || strides.size() != 2 || dilations.size() != 2 ||
      outputPadding.size() != 2 || group < 1 || channels % group != 0 ||
      wType.getDimSize(0) != channels ||
      kernel != ArrayRef<int64_t>(wType.getShape().drop_front(2)))
    return ctx.emitError() << "inconsistent ConvTranspose attributes for input "
                           << xType << " and filter " << wType;

  // pads [begin h, begin w, end h, end w], from pads, output_shape or
  // auto_pad (ONNX's formulas).
  SmallVector<int64_t> pads(4, 0);
  SmallVector<int64_t> outputShape = ctx.intsAttr("output_shape");
  std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
  if (!outputShape.empty() || autoPad == "SAME_UPPER" ||
      autoPad == "SAME_LOWER") {
    if (outputShape.empty())
      for (size_t i = 0; i < n; ++i)
        outputShape.push_back(in[i + (rank == 3)] * strides[i + (rank == 3)]);
    outputShape = lift(outputShape, 1);
    if (outputShape.size() != 2)
      return ctx.emitError() << "output_shape needs " << n << " entries";
    for (int i = 0; i < 2; ++i) {
      int64_t total = strides[i] * (in[i] - 1) + outputPadding[i] +
                      (kernel[i] - 1) * dilations[i] + 1 - outputShape[i];
      // Floor division, as ONNX's reference: the total may be negative
      // (output_shape asking for more than the windows reach).
      int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[i + 2] = total - pads[i];
    }
  } else if (autoPad == "NOTSET") {
    SmallVector<int64_t> given = ctx.intsAttr("pads");
    if (!given.empty() && given.size() != 2 * n)
      return ctx.emitError()
             << "expects " << 2 * n << " pads, got " << given.size();
    if (!given.empty())
      pads = rank == 3 ? SmallVector<int64_t>{0, given[0], 0, given[1]} : given;
  } else if (autoPad != "VALID") {
    return ctx.emitError() << "unknown auto_pad '" << autoPad << "'";
  }

  // Zeros between pixels: [N, C, H, W] -> [N, C, H, s, W, s] -> crop.
  int64_t batch = xType.getDimSize(0);
  if (strides[0] > 1 || strides[1] > 1) {
    x = ctx.reshape(x, {batch, channels, in[0], 1, in[1], 1});
    auto padded = ctx.create<graph::PadOp>(
        {x}, {named(ctx, "low",
                    ctx.builder.getDenseI64ArrayAttr({0, 0, 0, 0, 0, 0})),
              named(ctx, "high",
                    ctx.builder.getDenseI64ArrayAttr(
                        {0, 0, 0, strides[0] - 1, 0, strides[1] - 1}))});
    if (failed(padded))
      return failure();
    x = ctx.reshape(*padded,
                    {batch, channels, in[0] * strides[0], in[1] * strides[1]});
    SmallVector<int64_t> ends = {batch, channels, (in[0] - 1) * strides[0] + 1,
                                 (in[1] - 1) * strides[1] + 1};
    auto cropped = ctx.create<graph::SliceOp>(
        {x},
        {named(ctx, "starts", ctx.builder.getDenseI64ArrayAttr({0, 0, 0, 0})),
         named(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(ends)),
         named(ctx, "steps", ctx.builder.getDenseI64ArrayAttr({1, 1, 1, 1}))});
    if (failed(cropped))
      return failure();
    x = *cropped;
  }

  // Padding of the upsampled input; negative amounts crop it.
  auto upShape = cast<RankedTensorType>(x.getType()).getShape();
  SmallVector<int64_t> convPads(4, 0), starts(4, 0), ends(upShape);
  bool crop = false;
  for (int i = 0; i < 2; ++i) {
    int64_t reach = (kernel[i] - 1) * dilations[i];
    int64_t begin = reach - pads[i];
    int64_t end = reach - pads[i + 2] + outputPadding[i];
    convPads[i] = std::max<int64_t>(begin, 0);
    convPads[i + 2] = std::max<int64_t>(end, 0);
    starts[2 + i] = std::max<int64_t>(-begin, 0);
    ends[2 + i] = upShape[2 + i] - std::max<int64_t>(-end, 0);
    crop |= begin < 0 || end < 0;
  }
  if (crop) {
    auto cropped = ctx.create<graph::SliceOp>(
        {x},
        {named(ctx, "starts", ctx.builder.getDenseI64ArrayAttr(starts)),
         named(ctx, "ends", ctx.builder.getDenseI64ArrayAttr(ends)),
         named(ctx, "steps", ctx.builder.getDenseI64ArrayAttr({1, 1, 1, 1}))});
    if (failed(cropped))
      return failure();
    x = *cropped;
  }

  // Filter [C, F/g, kh, kw] -> [F, C/g, kh, kw], window reversed.
  int64_t perGroupIn = channels / group, perGroupOut = wType.getDimSize(1);
  w = ctx.reshape(w, {group, perGroupIn, perGroupOut, kernel[0], kernel[1]});
  auto swapped = ctx.create<graph::TransposeOp>(
      {w},
      {named(ctx, "perm", ctx.builder.getDenseI64ArrayAttr({0, 2, 1, 3, 4}))});
  if (failed(swapped))
    return failure();
  w = ctx.reshape(*swapped,
                  {group * perGroupOut, perGroupIn, kernel[0], kernel[1]});
  for (int64_t axis : {2, 3}) {
    int64_t size = kernel[axis - 2];
    if (size == 1)
      continue;
    if (failed(ctx.checkBuiltConstant({size}, "the reversed window")))
      return failure();
    SmallVector<int64_t> backwards;
    for (int64_t i = size - 1; i >= 0; --i)
      backwards.push_back(i);
    auto reversed = ctx.gatherAlong(w, axis, backwards);
    if (failed(reversed))
      return failure();
    w = *reversed;
  }

  SmallVector<Value> operands = {x, w};
  if (ctx.hasInput(2))
    operands.push_back(ctx.input(2));
  auto result = ctx.create<graph::Conv2DOp>(
      operands,
      {named(ctx, "strides", ctx.builder.getDenseI64ArrayAttr({1, 1})),
       named(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(convPads)),
       named(ctx, "dilations", ctx.builder.getDenseI64ArrayAttr(dilations)),
       named(ctx, "group", ctx.builder.getI64IntegerAttr(group))});
  if (failed(result))
    return failure();
  Window window;
  window.oneDimensional = rank == 3;
  ctx.setResult(0, finishWindow(ctx, window, *result));
  return success();
}

/// MaxPool (with its optional Indices output) and AveragePool, 1-D to 3-D.
template <typename PoolOp> LogicalResult pool(NodeContext &ctx) {
  constexpr bool isMax = std::is_same_v<PoolOp, graph::MaxPoolOp>;
  Value x = ctx.input(0);
  if (!x)
    return failure();
  bool withIndices =
      isMax && ctx.node.output_size() > 1 && !ctx.node.output(1).empty();
  if (!isMax && failed(requireSingleOutput(ctx)))
    return failure();
  auto window = readWindow(ctx, cast<RankedTensorType>(x.getType()),
                           ctx.intsAttr("kernel_shape"), /*maxSpatialRank=*/3);
  if (failed(window))
    return failure();
  bool dilated =
      llvm::any_of(window->dilations, [](int64_t d) { return d != 1; });
  if (dilated && !isMax)
    return ctx.emitError() << "dilated average pooling is not supported";
  if (window->oneDimensional)
    x = insertUnitHeight(ctx, x);
  size_t spatial = window->kernel.size();
  if (ctx.intAttr("ceil_mode", 0) != 0) {
    // Rounding the output size up is padding the end by what the last,
    // partial window lacks (a window must still start inside the input).
    auto shape = cast<RankedTensorType>(x.getType()).getShape();
    for (size_t i = 0; i < spatial; ++i) {
      int64_t padded =
          shape[2 + i] + window->pads[i] + window->pads[i + spatial];
      int64_t extent = (window->kernel[i] - 1) * window->dilations[i] + 1;
      int64_t span = padded - extent;
      int64_t out = (span + window->strides[i] - 1) / window->strides[i] + 1;
      if ((out - 1) * window->strides[i] >= shape[2 + i] + window->pads[i])
        --out;
      window->pads[i + spatial] += std::max<int64_t>(
          0, (out - 1) * window->strides[i] + extent - padded);
    }
  }
  SmallVector<NamedAttribute> attrs = {
      named(ctx, "kernel_shape",
            ctx.builder.getDenseI64ArrayAttr(window->kernel)),
      named(ctx, "strides", ctx.builder.getDenseI64ArrayAttr(window->strides)),
      named(ctx, "pads", ctx.builder.getDenseI64ArrayAttr(window->pads))};
  if (dilated)
    attrs.push_back(named(ctx, "dilations",
                          ctx.builder.getDenseI64ArrayAttr(window->dilations)));
  if constexpr (!isMax)
    attrs.push_back(named(
        ctx, "count_include_pad",
        ctx.builder.getBoolAttr(ctx.intAttr("count_include_pad", 0) != 0)));
  if (withIndices) {
    int64_t storageOrder = ctx.intAttr("storage_order", 0);
    if (window->oneDimensional && storageOrder != 0)
      return ctx.emitError()
             << "storage_order=1 of a 1-D MaxPool is not supported";
    attrs.push_back(named(ctx, "storage_order",
                          ctx.builder.getI64IntegerAttr(storageOrder)));
    auto op = ctx.createWithResults<graph::MaxPoolWithIndicesOp>(2, {x}, attrs);
    if (failed(op))
      return failure();
    ctx.setResult(0, finishWindow(ctx, *window, (*op)->getResult(0)));
    ctx.setResult(1, finishWindow(ctx, *window, (*op)->getResult(1)));
    return success();
  }
  auto result = ctx.create<PoolOp>({x}, attrs);
  if (failed(result))
    return failure();
  ctx.setResult(0, finishWindow(ctx, *window, *result));
  return success();
}

LogicalResult globalAveragePool(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() == 4) {
    ctx.setResult(0, ctx.valueOrNull(ctx.create<graph::GlobalAvgPoolOp>({x})));
    return success();
  }
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < type.getRank(); ++d)
    axes.push_back(d);
  auto result = ctx.create<graph::ReduceMeanOp>(
      {x}, {named(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes))});
  return ctx.bindResult(result);
}

LogicalResult globalMaxPool(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < cast<RankedTensorType>(x.getType()).getRank(); ++d)
    axes.push_back(d);
  auto result = ctx.create<graph::ReduceMaxOp>(
      {x}, {named(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes))});
  return ctx.bindResult(result);
}

LogicalResult batchNorm(NodeContext &ctx) {
  if (ctx.intAttr("training_mode", 0) != 0)
    return ctx.emitError() << "training_mode=1 is not supported (inference)";
  if (failed(requireSingleOutput(ctx)))
    return failure();
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    operands.push_back(ctx.input(i));
    if (!operands.back())
      return failure();
  }
  auto result = ctx.create<graph::BatchNormOp>(
      operands,
      {named(ctx, "epsilon",
             ctx.builder.getF32FloatAttr(ctx.floatAttr("epsilon", 1e-5f)))});
  return ctx.bindResult(result);
}

LogicalResult gemm(NodeContext &ctx) {
  SmallVector<Value> operands = {ctx.input(0), ctx.input(1)};
  if (!operands[0] || !operands[1])
    return failure();
  if (ctx.hasInput(2))
    operands.push_back(ctx.input(2));
  auto result = ctx.create<graph::GemmOp>(
      operands,
      {named(ctx, "alpha",
             ctx.builder.getF32FloatAttr(ctx.floatAttr("alpha", 1.0f))),
       named(ctx, "beta",
             ctx.builder.getF32FloatAttr(ctx.floatAttr("beta", 1.0f))),
       named(ctx, "trans_a",
             ctx.builder.getBoolAttr(ctx.intAttr("transA", 0) != 0)),
       named(ctx, "trans_b",
             ctx.builder.getBoolAttr(ctx.intAttr("transB", 0) != 0))});
  return ctx.bindResult(result);
}

/// numpy.matmul, including 1-D operands (promoted, then squeezed).
/// A value with one index letter per dim (an Einsum operand).
struct Indexed {
  Value value;
  std::string letters;
};

/// Sums `x` over the letters not in `keep`.
FailureOr<Indexed> sumOver(NodeContext &ctx, Indexed x, StringRef keep) {
  SmallVector<int64_t> axes;
  std::string kept;
  for (auto [i, letter] : llvm::enumerate(x.letters)) {
    if (keep.contains(letter))
      kept += letter;
    else
      axes.push_back(i);
  }
  if (axes.empty())
    return x;
  auto sum = ctx.create<graph::ReduceSumOp>(
      {x.value}, {named(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes)),
                  named(ctx, "keepdims", ctx.builder.getBoolAttr(false))});
  if (failed(sum))
    return failure();
  return Indexed{*sum, kept};
}

/// Transposes `x` so that its letters read `order` (a permutation of them).
FailureOr<Value> permuteTo(NodeContext &ctx, const Indexed &x,
                           StringRef order) {
  SmallVector<int64_t> perm;
  for (char letter : order)
    perm.push_back(x.letters.find(letter));
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return x.value;
  return ctx.create<graph::TransposeOp>(
      {x.value}, {named(ctx, "perm", ctx.builder.getDenseI64ArrayAttr(perm))});
}

/// Einsum of one or two operands, explicit or implicit output, without
/// ellipses or repeated letters in one operand (diagonals): letters only
/// one side has and the output lacks are summed first; then one batched
/// matmul over (batch, lhs-only, rhs-only, contracted letters), reshaped
/// and transposed to the output.
LogicalResult einsum(NodeContext &ctx) {
  std::string equation;
  for (char c : ctx.stringAttr("equation", ""))
    if (!std::isspace(static_cast<unsigned char>(c)))
      equation += c;
  if (StringRef(equation).contains('.'))
    return ctx.emitError() << "Einsum with ellipses is not supported";
  auto [lhs, rhs] = StringRef(equation).split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  int numInputs = ctx.node.input_size();
  if (int(terms.size()) != numInputs || numInputs < 1 || numInputs > 2)
    return ctx.emitError() << "Einsum '" << equation
                           << "' needs one or two operands, got " << numInputs;
  llvm::StringMap<int64_t> sizes;
  std::map<char, int> count;
  SmallVector<Indexed> operands;
  for (auto [i, term] : llvm::enumerate(terms)) {
    Value v = ctx.input(i);
    if (!v)
      return failure();
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    if (term.size() != shape.size())
      return ctx.emitError()
             << "Einsum term '" << term << "' does not match " << v.getType();
    for (auto [d, letter] : llvm::enumerate(term)) {
      if (term.count(letter) > 1)
        return ctx.emitError() << "Einsum term '" << term
                               << "' repeats a letter (diagonals are not "
                                  "supported)";
      auto [it, inserted] = sizes.try_emplace(StringRef(&letter, 1), shape[d]);
      if (!inserted && it->second != shape[d])
        return ctx.emitError() << "Einsum letter '" << letter << "' has sizes "
                               << it->second << " and " << shape[d];
      ++count[letter];
    }
    operands.push_back({v, term.str()});
  }
  // Implicit output: the letters used once, in alphabetical order.
  std::string output = rhs.str();
  if (!StringRef(equation).contains("->"))
    for (auto [letter, n] : count)
      if (n == 1)
        output += letter;
  auto size = [&](char letter) { return sizes[StringRef(&letter, 1)]; };
  Indexed result;
  if (numInputs == 1) {
    auto reduced = sumOver(ctx, operands[0], output);
    if (failed(reduced))
      return failure();
    result = *reduced;
  } else {
    for (int side = 0; side < 2; ++side) {
      std::string keep = output + operands[1 - side].letters;
      auto reduced = sumOver(ctx, operands[side], keep);
      if (failed(reduced))
        return failure();
      operands[side] = *reduced;
    }
    StringRef a = operands[0].letters, b = operands[1].letters;
    std::string batch, contracted, lhsOnly, rhsOnly;
    for (char letter : output)
      if (a.contains(letter) && b.contains(letter))
        batch += letter;
    for (char letter : a) {
      if (!b.contains(letter))
        lhsOnly += letter;
      else if (!StringRef(output).contains(letter))
        contracted += letter;
    }
    for (char letter : b)
      if (!a.contains(letter))
        rhsOnly += letter;
    auto product = [&](StringRef letters) {
      int64_t p = 1;
      for (char letter : letters)
        p *= size(letter);
      return p;
    };
    int64_t batchSize = product(batch), m = product(lhsOnly),
            n = product(rhsOnly), k = product(contracted);
    auto left = permuteTo(ctx, operands[0], batch + lhsOnly + contracted);
    auto right = permuteTo(ctx, operands[1], batch + contracted + rhsOnly);
    if (failed(left) || failed(right))
      return failure();
    auto product3 =
        ctx.create<graph::MatMulOp>({ctx.reshape(*left, {batchSize, m, k}),
                                     ctx.reshape(*right, {batchSize, k, n})});
    if (failed(product3))
      return failure();
    std::string letters = batch + lhsOnly + rhsOnly;
    SmallVector<int64_t> shape;
    for (char letter : letters)
      shape.push_back(size(letter));
    result = {ctx.reshape(*product3, shape), letters};
  }
  if (result.letters.size() != output.size() ||
      llvm::any_of(output, [&](char letter) {
        return !StringRef(result.letters).contains(letter);
      }))
    return ctx.emitError() << "Einsum output '" << output
                           << "' names letters no operand has";
  return ctx.bindResult(permuteTo(ctx, result, output));
}

LogicalResult matmul(NodeContext &ctx) {
  Value a = ctx.input(0), b = ctx.input(1);
  if (!a || !b)
    return failure();
  auto aShape = llvm::to_vector(cast<RankedTensorType>(a.getType()).getShape());
  auto bShape = llvm::to_vector(cast<RankedTensorType>(b.getType()).getShape());
  bool aVector = aShape.size() == 1, bVector = bShape.size() == 1;
  if (aVector)
    a = ctx.reshape(a, {1, aShape[0]});
  if (bVector)
    b = ctx.reshape(b, {bShape[0], 1});
  auto result = ctx.create<graph::MatMulOp>({a, b});
  if (failed(result))
    return failure();
  auto shape =
      llvm::to_vector(cast<RankedTensorType>((*result).getType()).getShape());
  if (bVector)
    shape.pop_back();
  if (aVector)
    shape.erase(shape.end() - (bVector ? 1 : 2));
  ctx.setResult(0, ctx.reshape(*result, shape));
  return success();
}

LogicalResult softmax(NodeContext &ctx, bool logarithm) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto shape = llvm::to_vector(cast<RankedTensorType>(x.getType()).getShape());
  Value input = x;
  int64_t axis = ctx.intAttr("axis", ctx.opset < 13 ? 1 : -1);
  if (ctx.opset < 13) {
    // Before opset 13 the input is coerced to 2-D at `axis` and the softmax
    // runs over everything after it.
    axis = normalizeAxis(axis, shape.size());
    if (axis < 0 || axis > int64_t(shape.size()))
      return ctx.emitError() << "axis out of range";
    int64_t outer = 1, inner = 1;
    for (auto [i, d] : llvm::enumerate(shape))
      (int64_t(i) < axis ? outer : inner) *= d;
    input = ctx.reshape(x, {outer, inner});
    axis = 1;
  }
  auto op = graph::SoftmaxOp::create(ctx.builder, ctx.loc, input);
  op.setAxis(axis);
  if (failed(op.verify()))
    return failure();
  Value result = ctx.reshape(op, shape);
  if (logarithm)
    result = graph::LogOp::create(ctx.builder, ctx.loc, result);
  ctx.setResult(0, result);
  return success();
}

/// InstanceNormalization: per (sample, channel) statistics over the spatial
/// dimensions, then a per-channel scale and bias.
LogicalResult instanceNorm(NodeContext &ctx) {
  Value x = ctx.input(0), scale = ctx.input(1), bias = ctx.input(2);
  if (!x || !scale || !bias)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 3)
    return ctx.emitError() << "expects an input of rank >= 3";
  SmallVector<int64_t> axes, channelShape = {type.getDimSize(1)};
  for (int64_t d = 2; d < type.getRank(); ++d) {
    axes.push_back(d);
    channelShape.push_back(1);
  }
  auto reduceMean = [&](Value v) {
    return ctx.valueOrNull(ctx.create<graph::ReduceMeanOp>(
        {v}, {named(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes))}));
  };
  Value centered =
      ctx.valueOrNull(ctx.create<graph::SubOp>({x, reduceMean(x)}));
  Value variance = reduceMean(
      ctx.valueOrNull(ctx.create<graph::MulOp>({centered, centered})));
  Value shifted = ctx.valueOrNull(ctx.create<graph::AddOp>(
      {variance,
       ctx.scalar(ctx.floatAttr("epsilon", 1e-5f), type.getElementType())}));
  Value normalized = ctx.valueOrNull(ctx.create<graph::MulOp>(
      {centered, graph::RsqrtOp::create(ctx.builder, ctx.loc, shifted)}));
  Value scaled = ctx.valueOrNull(
      ctx.create<graph::MulOp>({normalized, ctx.reshape(scale, channelShape)}));
  ctx.setResult(0, ctx.valueOrNull(ctx.create<graph::AddOp>(
                       {scaled, ctx.reshape(bias, channelShape)})));
  return success();
}

/// LayerNormalization's optional Mean and InvStdDev outputs, computed over
/// the normalized dimensions with keepdims (as the op defines them).
LogicalResult layerNormStatistics(NodeContext &ctx, Value x, int64_t axis,
                                  float epsilon) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = normalizeAxis(axis, rank); d < rank; ++d)
    axes.push_back(d);
  auto reduceMean = [&](Value v) {
    return ctx.create<graph::ReduceMeanOp>(
        {v}, {named(ctx, "axes", ctx.builder.getDenseI64ArrayAttr(axes))});
  };
  auto mean = reduceMean(x);
  if (failed(mean))
    return failure();
  Value centered = ctx.valueOrNull(ctx.create<graph::SubOp>({x, *mean}));
  Value squares =
      ctx.valueOrNull(ctx.create<graph::MulOp>({centered, centered}));
  Value variance = ctx.valueOrNull(reduceMean(squares));
  Value shifted = ctx.valueOrNull(ctx.create<graph::AddOp>(
      {variance, ctx.scalar(epsilon, ctx.builder.getF32Type())}));
  if (!shifted)
    return failure();
  ctx.setResult(1, *mean);
  ctx.setResult(2, graph::RsqrtOp::create(ctx.builder, ctx.loc, shifted));
  return success();
}

LogicalResult layerNorm(NodeContext &ctx) {
  SmallVector<Value> operands = {ctx.input(0), ctx.input(1)};
  if (!operands[0] || !operands[1])
    return failure();
  if (ctx.hasInput(2))
    operands.push_back(ctx.input(2));
  auto result = ctx.create<graph::LayerNormOp>(
      operands,
      {named(ctx, "axis",
             ctx.builder.getI64IntegerAttr(ctx.intAttr("axis", -1))),
       named(ctx, "epsilon",
             ctx.builder.getF32FloatAttr(ctx.floatAttr("epsilon", 1e-5f)))});
  if (failed(result))
    return failure();
  ctx.setResult(0, *result);
  if (ctx.node.output_size() > 1)
    return layerNormStatistics(ctx, operands[0], ctx.intAttr("axis", -1),
                               ctx.floatAttr("epsilon", 1e-5f));
  return success();
}
} // namespace

void dlc::onnx_import::registerNeuralNetNodes(NodeHandlerMap &handlers) {
  handlers["Conv"] = conv;
  handlers["ConvTranspose"] = convTranspose;
  handlers["MaxPool"] = pool<graph::MaxPoolOp>;
  handlers["AveragePool"] = pool<graph::AvgPoolOp>;
  handlers["GlobalAveragePool"] = globalAveragePool;
  handlers["GlobalMaxPool"] = globalMaxPool;
  handlers["BatchNormalization"] = batchNorm;
  handlers["Gemm"] = gemm;
  handlers["MatMul"] = matmul;
  handlers["Einsum"] = einsum;
  handlers["Softmax"] = [](NodeContext &c) { return softmax(c, false); };
  handlers["LogSoftmax"] = [](NodeContext &c) { return softmax(c, true); };
  handlers["LayerNormalization"] = layerNorm;
  handlers["InstanceNormalization"] = instanceNorm;
}
