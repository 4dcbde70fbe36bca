//===- ONNXImporter.cpp - ONNX models to the dlc graph dialect ------------===//

#include "dlc/Frontend/ONNX/ONNXImporter.h"

#include "NodeImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <limits>

using namespace mlir;
using namespace dlc;
using namespace dlc::onnx_import;

namespace {
/// The oldest default-domain opset accepted. Handlers follow each op's
/// semantics at the model's opset where they changed (Softmax before 13,
/// axes as attributes before 13/18, Clip bounds before 11, Slice before 10,
/// Reshape's shape before 5).
constexpr int64_t kMinOpset = 1;
/// Above any opset ONNX has defined or will soon (28 in onnx 1.23): a larger
/// number is a corrupt file, not a newer model.
constexpr int64_t kMaxOpset = 100;

const NodeHandlerMap &getHandlers() {
  static const NodeHandlerMap handlers = [] {
    NodeHandlerMap map;
    registerElementwiseNodes(map);
    registerNeuralNetNodes(map);
    registerReductionNodes(map);
    registerResizeNodes(map);
    registerShapeNodes(map);
    return map;
  }();
  return handlers;
}

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// The op key of a node: its type, qualified by a non-default domain.
std::string opKey(const onnx::NodeProto &node) {
  if (isDefaultDomain(node.domain()))
    return node.op_type();
  return node.domain() + "." + node.op_type();
}

/// ONNX ops that only move, select, reshape or convert values: they run on
/// any element type, f16 and bf16 included.
bool movesValuesOnly(const onnx::NodeProto &node) {
  static const llvm::StringSet<> ops = {
      "Cast",     "CastLike", "Concat", "Constant",       "ConstantOfShape",
      "Expand",   "Flatten",  "Gather", "GatherElements", "GatherND",
      "Identity", "Reshape",  "Shape",  "Size",           "Slice",
      "Split",    "Squeeze",  "Tile",   "Transpose",      "Unsqueeze",
      "Where"};
  return isDefaultDomain(node.domain()) && ops.contains(node.op_type());
}

/// The graph dialect computes in f32: a node computing on f16 or bf16 values
/// (a model traced in half precision) reads them widened to f32, and its
/// float results are rounded back to the narrow type, as a half-precision
/// op computed in f32 would. Constants are widened at import.
class HalfPrecisionScope {
public:
  HalfPrecisionScope(const onnx::NodeProto &node, OpBuilder &builder,
                     Location loc, llvm::StringMap<Value> &values)
      : node(node), builder(builder), loc(loc), values(values) {
    if (movesValuesOnly(node))
      return;
    for (const std::string &name : node.input()) {
      auto it = values.find(name);
      if (it == values.end() || narrowed.count(name))
        continue;
      auto type = dyn_cast<RankedTensorType>(it->second.getType());
      if (!type || !isa<Float16Type, BFloat16Type>(type.getElementType()))
        continue;
      narrowType = type.getElementType();
      narrowed[name] = it->second;
      it->second = widen(it->second, type);
    }
  }

  /// Restores the node's narrow inputs for later nodes, and rounds its f32
  /// results to the narrow type.
  void narrowResults() {
    for (const auto &entry : narrowed)
      values[entry.getKey()] = entry.getValue();
    if (!narrowType)
      return;
    for (const std::string &name : node.output()) {
      auto it = values.find(name);
      if (name.empty() || it == values.end())
        continue;
      auto type = dyn_cast<RankedTensorType>(it->second.getType());
      if (type && type.getElementType().isF32())
        it->second = graph::CastOp::create(builder, loc, type.clone(narrowType),
                                           it->second);
    }
  }

private:
  Value widen(Value value, RankedTensorType type) {
    auto wide = type.clone(builder.getF32Type());
    DenseElementsAttr constant;
    if (matchPattern(value, m_Constant(&constant)))
      return graph::ConstantOp::create(
          builder, loc,
          constant.mapValues(builder.getF32Type(), [](const APFloat &v) {
            APFloat single = v;
            bool losesInfo;
            single.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                           &losesInfo);
            return single.bitcastToAPInt();
          }));
    return graph::CastOp::create(builder, loc, wide, value);
  }

  const onnx::NodeProto &node;
  OpBuilder &builder;
  Location loc;
  llvm::StringMap<Value> &values;
  llvm::StringMap<Value> narrowed;
  Type narrowType;
};

LogicalResult checkHasNodes(StringRef name, const onnx::ModelProto &model,
                            Location loc) {
  if (!model.has_graph() || model.graph().node_size() == 0)
    return emitError(loc, "'") << name << "' has no graph nodes";
  return success();
}

LogicalResult loadModel(StringRef path, onnx::ModelProto &model,
                        MLIRContext &ctx) {
  Location loc = FileLineColLoc::get(&ctx, path, 0, 0);
  // Parsed from a stream, not a mapped copy of the file: the weights are
  // then in memory once (in the protobuf) rather than twice.
  int fd;
  if (std::error_code error = llvm::sys::fs::openFileForRead(path, fd))
    return emitError(loc, "cannot read model '")
           << path << "': " << error.message();
  google::protobuf::io::FileInputStream stream(fd);
  stream.SetCloseOnDelete(true);
  if (!model.ParseFromZeroCopyStream(&stream))
    return emitError(loc, "'") << path
                               << "' is not a valid ONNX model (protobuf "
                                  "parsing failed; truncated or corrupt?)";
  return checkHasNodes(path, model, loc);
}

int64_t defaultOpset(const onnx::ModelProto &model) {
  for (const auto &entry : model.opset_import())
    if (isDefaultDomain(entry.domain()))
      return entry.version();
  return 0;
}

/// Prints diagnostics raised while importing as
/// `model.onnx: node 'name' (OpType): error: ...`.
class ImportDiagnostics {
public:
  ImportDiagnostics(MLIRContext &ctx, StringRef path, llvm::raw_ostream &os)
      : handler(&ctx, [path = path.str(), &os](Diagnostic &diag) {
          std::string where = path;
          if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
            where += ": " + name.getName().str();
          os << where << ": "
             << (diag.getSeverity() == DiagnosticSeverity::Error ? "error: "
                                                                 : "note: ")
             << diag << "\n";
          for (const Diagnostic &note : diag.getNotes())
            os << where << ": note: " << note << "\n";
          return success();
        }) {}

private:
  ScopedDiagnosticHandler handler;
};

Location nodeLocation(const onnx::NodeProto &node, size_t index, StringRef path,
                      MLIRContext &ctx) {
  std::string name = node.name().empty() ? "#" + std::to_string(index)
                                         : "'" + node.name() + "'";
  return NameLoc::get(
      StringAttr::get(&ctx, "node " + name + " (" + node.op_type() + ")"),
      FileLineColLoc::get(&ctx, path, 0, 0));
}

/// The name of dimension `index` of a graph input: its dim_param, or
/// `INPUT.INDEX` when it has none.
std::string dimName(const onnx::ValueInfoProto &info, int64_t index,
                    const onnx::TensorShapeProto::Dimension &dim) {
  if (!dim.dim_param().empty())
    return dim.dim_param();
  return info.name() + "." + std::to_string(index);
}

bool isOpenDim(const onnx::TensorShapeProto::Dimension &dim) {
  return !dim.has_dim_value() || dim.dim_value() < 0;
}

/// Sizes the open dimensions of the run-time graph inputs from --dim,
/// --input-shape and the shapes `dlc run` was given, and builds their types.
class InputSpecializer {
public:
  InputSpecializer(const ONNXImportOptions &options, Location loc)
      : options(options), loc(loc) {}

  FailureOr<SmallVector<Type>>
  specialize(ArrayRef<const onnx::ValueInfoProto *> inputs) {
    llvm::StringSet<> names;
    for (const auto *info : inputs) {
      if (!info->type().has_tensor_type())
        return emitError(loc, "graph input '")
               << info->name() << "' is not a tensor";
      for (const auto &[i, dim] :
           llvm::enumerate(info->type().tensor_type().shape().dim()))
        if (isOpenDim(dim))
          names.insert(dimName(*info, i, dim));
    }
    for (const auto &[name, size] : options.dimSizes) {
      if (!names.contains(name)) {
        auto diag = emitError(loc, "--dim=")
                    << name << "=" << size
                    << ": no graph input has a dimension named '" << name
                    << "'";
        listOpenDims(diag, inputs);
        return diag;
      }
      if (size < 0)
        return emitError(loc, "--dim=")
               << name << "=" << size << ": a size must be >= 0";
      sizes[name] = {size, "--dim=" + name + "=" + std::to_string(size)};
    }
    for (const auto &[name, shape] : options.inputShapes) {
      const auto *it = llvm::find_if(inputs, [&, &name = name](auto *info) {
        return info->name() == name;
      });
      if (it == inputs.end()) {
        auto diag = emitError(loc, "--input-shape=")
                    << name << "=...: the model has no run-time input named '"
                    << name << "'; its inputs:";
        for (const auto *info : inputs)
          diag << " '" << info->name() << "'";
        return diag;
      }
      if (failed(bind(**it, shape,
                      "--input-shape=" + name + "=" + shapeText(shape),
                      /*strict=*/true)))
        return failure();
    }
    for (auto [info, shape] : llvm::zip(inputs, options.runInputShapes))
      if (failed(bind(*info, shape,
                      "the shape " + shapeText(shape) + " given for input '" +
                          info->name() + "'",
                      /*strict=*/false)))
        return failure();

    SmallVector<Type> types;
    for (const auto *info : inputs) {
      const auto &tensor = info->type().tensor_type();
      Type element = convertElementType(tensor.elem_type(), loc.getContext());
      if (!element)
        return emitError(loc, "graph input '")
               << info->name() << "' has element type "
               << elementTypeName(tensor.elem_type())
               << ", which dlc does not support";
      SmallVector<int64_t> shape;
      for (const auto &[i, dim] : llvm::enumerate(tensor.shape().dim())) {
        if (!isOpenDim(dim)) {
          shape.push_back(dim.dim_value());
          continue;
        }
        std::string name = dimName(*info, i, dim);
        auto it = sizes.find(name);
        if (it == sizes.end())
          return emitError(loc, "graph input '")
                 << info->name() << "' has the symbolic dimension '" << name
                 << "' (dim " << i << " of " << describe(*info)
                 << "); dlc compiles static shapes: give its size with --dim="
                 << name
                 << "=N or the whole shape with --input-shape=" << info->name()
                 << "=...";
        shape.push_back(it->second.first);
      }
      if (!onnx_import::checkedNumElements(shape))
        return emitError(loc, "graph input '")
               << info->name() << "' is too large (" << shapeText(shape)
               << ", over 2^40 elements)";
      types.push_back(RankedTensorType::get(shape, element));
    }
    return types;
  }

private:
  /// `[batch x 3 x 224 x 224]`: fixed sizes and open dims' names.
  static std::string describe(const onnx::ValueInfoProto &info) {
    std::string text = "[";
    for (const auto &[i, dim] :
         llvm::enumerate(info.type().tensor_type().shape().dim()))
      text +=
          (i ? " x " : "") + (isOpenDim(dim) ? dimName(info, i, dim)
                                             : std::to_string(dim.dim_value()));
    return text + "]";
  }

  static void listOpenDims(InFlightDiagnostic &diag,
                           ArrayRef<const onnx::ValueInfoProto *> inputs) {
    diag << "; the inputs are:";
    for (const auto *info : inputs)
      diag << " '" << info->name() << "' " << describe(*info);
  }

  /// Binds the open dims of `info` to `shape`. Strict (an explicit
  /// --input-shape): the rank and the fixed sizes must match too.
  LogicalResult bind(const onnx::ValueInfoProto &info, ArrayRef<int64_t> shape,
                     const std::string &source, bool strict) {
    const auto &dims = info.type().tensor_type().shape().dim();
    if (int64_t(shape.size()) != dims.size()) {
      if (!strict)
        return success(); // the runtime reports the mismatch
      return emitError(loc, "") << source << ": graph input '" << info.name()
                                << "' has rank " << dims.size() << " "
                                << describe(info) << ", not " << shape.size();
    }
    for (const auto &[i, dim] : llvm::enumerate(dims)) {
      if (!isOpenDim(dim)) {
        if (strict && dim.dim_value() != shape[i])
          return emitError(loc, "")
                 << source << ": dim " << i << " of graph input '"
                 << info.name() << "' is " << dim.dim_value()
                 << " in the model " << describe(info);
        continue;
      }
      if (shape[i] < 0)
        return emitError(loc, "") << source << ": a size must be >= 0";
      std::string name = dimName(info, i, dim);
      auto [it, inserted] = sizes.try_emplace(name, shape[i], source);
      if (!inserted && it->second.first != shape[i])
        return emitError(loc, "dimension '")
               << name << "' is " << it->second.first << " from "
               << it->second.second << " but " << shape[i] << " from "
               << source;
    }
    return success();
  }

  const ONNXImportOptions &options;
  Location loc;
  /// Open dim name -> (size, where it came from).
  std::map<std::string, std::pair<int64_t, std::string>> sizes;
};

/// Evaluates the ops a node's handler created (those after `last`) whose
/// operands are constants, in order, and rebinds the node's outputs to the
/// results: shape computations become constants before the next node asks
/// for them.
LogicalResult foldNodeOps(const onnx::NodeProto &node, Block &body,
                          Operation *last, llvm::StringMap<Value> &values) {
  SmallVector<Operation *> created;
  for (Operation &op : llvm::make_range(
           last ? std::next(Block::iterator(last)) : body.begin(), body.end()))
    created.push_back(&op);
  DenseMap<Value, Value> replaced;
  for (Operation *op : created)
    graph::foldConstantOperation(op, &replaced);
  for (const std::string &name : node.output()) {
    auto it = values.find(name);
    if (name.empty() || it == values.end())
      continue;
    while (replaced.count(it->second))
      it->second = replaced.lookup(it->second);
  }
  return success();
}

/// Whether every output of `node` (not itself a Constant) is a constant now.
bool isFoldedNode(const onnx::NodeProto &node,
                  const llvm::StringMap<Value> &values) {
  if (node.op_type() == "Constant" || node.output_size() == 0)
    return false;
  return llvm::all_of(node.output(), [&](const std::string &name) {
    Value value = values.lookup(name);
    return name.empty() || (value && value.getDefiningOp<graph::ConstantOp>());
  });
}

/// The declared type of a graph output if it is fully known and static.
std::optional<RankedTensorType>
declaredStaticType(const onnx::ValueInfoProto &info, MLIRContext *ctx) {
  if (!info.type().has_tensor_type())
    return std::nullopt;
  const auto &tensor = info.type().tensor_type();
  Type element = convertElementType(tensor.elem_type(), ctx);
  if (!element || !tensor.has_shape())
    return std::nullopt;
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, element);
}
} // namespace

std::string dlc::addInputShapeSpec(ONNXImportOptions &options, StringRef spec) {
  auto [name, dims] = spec.split('=');
  if (name.empty() || !spec.contains('='))
    return "--input-shape takes NAME=SHAPE (e.g. input=1x3x224x224), got '" +
           spec.str() + "'";
  std::vector<int64_t> shape;
  SmallVector<StringRef> parts;
  if (!dims.empty())
    dims.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t size;
    if (part.getAsInteger(10, size) || size < 0)
      return "--input-shape=" + spec.str() + ": '" + part.str() +
             "' is not a size (sizes are integers >= 0 joined by 'x')";
    shape.push_back(size);
  }
  options.inputShapes[name.str()] = shape;
  return "";
}

std::string dlc::addDimSpec(ONNXImportOptions &options, StringRef spec) {
  auto [name, value] = spec.rsplit('=');
  int64_t size;
  if (name.empty() || !spec.contains('=') || value.getAsInteger(10, size) ||
      size < 0)
    return "--dim takes SYMBOL=SIZE with a size >= 0 (e.g. batch=1), got '" +
           spec.str() + "'";
  options.dimSizes[name.str()] = size;
  return "";
}

std::vector<std::string> dlc::getSupportedONNXOps() {
  std::vector<std::string> ops;
  for (const auto &entry : getHandlers())
    ops.push_back(entry.getKey().str());
  std::sort(ops.begin(), ops.end());
  return ops;
}

/// Counts `graph`'s nodes by support; unsupported ones inside If/Loop/Scan
/// bodies are named `PARENT/NODE`.
static void countNodes(const onnx::GraphProto &graph, StringRef prefix,
                       ONNXCoverage &coverage) {
  const NodeHandlerMap &handlers = getHandlers();
  for (const auto &[index, node] : llvm::enumerate(graph.node())) {
    std::string key = opKey(node);
    std::string name =
        prefix.str() +
        (node.name().empty() ? "#" + std::to_string(index) : node.name());
    if (prefix.empty())
      ++coverage.numNodes;
    if (handlers.count(key)) {
      if (prefix.empty())
        ++coverage.supported[key];
    } else {
      coverage.unsupported[key].push_back(name);
    }
    for (const auto &attr : node.attribute()) {
      if (attr.has_g())
        countNodes(attr.g(), name + "/", coverage);
      for (const auto &body : attr.graphs())
        countNodes(body, name + "/", coverage);
    }
  }
}

/// Operands the handlers need as compile-time constants, per op type.
static ArrayRef<int> shapeOperands(const onnx::NodeProto &node, int64_t opset) {
  static const llvm::StringMap<SmallVector<int>> operands = {
      {"Reshape", {1}},
      {"Expand", {1}},
      {"Tile", {1}},
      {"Pad", {1, 2, 3}},
      {"Slice", {1, 2, 3, 4}},
      {"Range", {0, 1, 2}},
      {"ConstantOfShape", {0}},
      {"Split", {1}},
      {"Unsqueeze", {1}},
      {"Squeeze", {1}},
      {"TopK", {1}},
      {"CumSum", {1}},
      {"OneHot", {1}},
      {"Trilu", {1}},
      {"Upsample", {1}},
      {"ReduceSum", {1}},
      {"ReduceMean", {1}},
      {"ReduceMax", {1}},
      {"ReduceMin", {1}},
      {"ReduceProd", {1}},
      {"ReduceSumSquare", {1}},
      {"ReduceLogSum", {1}},
      {"ReduceLogSumExp", {1}}};
  static const SmallVector<int> resize = {2, 3}, resize10 = {1};
  if (!isDefaultDomain(node.domain()))
    return {};
  if (node.op_type() == "Resize")
    return opset < 11 ? ArrayRef<int>(resize10) : ArrayRef<int>(resize);
  auto it = operands.find(node.op_type());
  return it == operands.end() ? ArrayRef<int>() : ArrayRef<int>(it->second);
}

static ONNXCoverage computeCoverage(const onnx::ModelProto &model) {
  ONNXCoverage coverage;
  coverage.opset = defaultOpset(model);
  const onnx::GraphProto &graph = model.graph();
  countNodes(graph, "", coverage);

  llvm::StringSet<> initializers;
  for (const auto &init : graph.initializer())
    initializers.insert(init.name());
  // Which run-time inputs each value's contents depend on (Shape and Size
  // read only shapes, which are static once specialized).
  llvm::StringMap<llvm::SmallVector<std::string, 1>> dependsOn;
  for (const auto &input : graph.input()) {
    if (initializers.contains(input.name()))
      continue;
    dependsOn[input.name()] = {input.name()};
    if (!input.type().has_tensor_type())
      continue;
    for (const auto &[i, dim] :
         llvm::enumerate(input.type().tensor_type().shape().dim()))
      if (isOpenDim(dim))
        coverage.symbolicDims.push_back(
            {input.name(), int64_t(i), dimName(input, i, dim)});
  }
  for (const auto &[index, node] : llvm::enumerate(graph.node())) {
    std::string name =
        node.name().empty() ? "#" + std::to_string(index) : node.name();
    for (int operand : shapeOperands(node, coverage.opset)) {
      if (operand >= node.input_size() || node.input(operand).empty())
        continue;
      for (const std::string &input : dependsOn.lookup(node.input(operand)))
        coverage.shapeInputs.push_back({input, name, node.op_type(), operand});
    }
    if (node.op_type() == "Shape" || node.op_type() == "Size")
      continue;
    llvm::SmallVector<std::string, 1> deps;
    for (const std::string &input : node.input())
      for (const std::string &dep : dependsOn.lookup(input))
        if (!llvm::is_contained(deps, dep))
          deps.push_back(dep);
    if (deps.empty())
      continue;
    for (const std::string &output : node.output())
      dependsOn[output] = deps;
  }
  return coverage;
}

FailureOr<ONNXCoverage> dlc::checkONNXFile(StringRef path, MLIRContext &ctx) {
  onnx::ModelProto model;
  if (failed(loadModel(path, model, ctx)))
    return failure();
  return computeCoverage(model);
}

/// Reads a TensorProto file for a frozen input.
static FailureOr<DenseElementsAttr>
readFrozenInput(StringRef name, StringRef file, Location loc) {
  auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false);
  onnx::TensorProto tensor;
  if (!buffer || !tensor.ParseFromArray((*buffer)->getBufferStart(),
                                        (*buffer)->getBufferSize()))
    return emitError(loc, "cannot read TensorProto '")
           << file << "' to freeze input '" << name << "'";
  StringRef dir = llvm::sys::path::parent_path(file);
  return convertTensor(tensor, dir.empty() ? "." : dir, loc);
}

/// Builds the module for a parsed `model`. `path` names it in diagnostics;
/// external data is read relative to `baseDir`, and refused when it is
/// empty (a model parsed from memory has no directory).
static OwningOpRef<ModuleOp> importModel(onnx::ModelProto &model,
                                         StringRef path, StringRef baseDir,
                                         MLIRContext &ctx,
                                         const ONNXImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);

  int64_t opset = defaultOpset(model);
  if (opset > kMaxOpset) {
    emitError(fileLoc, "model declares opset ")
        << opset << ", which is not an ONNX opset (corrupt opset_import?)";
    return nullptr;
  }
  if (opset < kMinOpset) {
    emitError(fileLoc, "model uses opset ")
        << opset << "; dlc reads opset " << kMinOpset
        << " and newer (re-export, e.g. torch.onnx.export(..., "
           "opset_version=17))";
    return nullptr;
  }
  ONNXCoverage coverage = computeCoverage(model);
  if (!coverage.unsupported.empty()) {
    auto diag = emitError(fileLoc);
    diag << coverage.unsupported.size()
         << " unsupported op type(s), nothing was compiled:";
    for (const auto &[op, nodes] : coverage.unsupported) {
      diag << "\n  " << op << " (" << nodes.size() << " node"
           << (nodes.size() == 1 ? "" : "s") << ": ";
      for (size_t i = 0; i < nodes.size() && i < 5; ++i)
        diag << (i ? ", " : "") << nodes[i];
      if (nodes.size() > 5)
        diag << ", ...";
      diag << ")";
    }
    return nullptr;
  }

  ImportDiagnostics diagnostics(
      ctx, path,
      options.diagnosticStream ? *options.diagnosticStream : llvm::errs());
  const onnx::GraphProto &graph = model.graph();
  OpBuilder builder(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  llvm::StringMap<Value> values;

  // Initializers become constants; graph inputs that are not initializers
  // become the function's arguments.
  llvm::StringSet<> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());
  SmallVector<const onnx::ValueInfoProto *> args;
  llvm::StringMap<std::string> frozen;
  for (const auto &[name, file] : options.frozenInputs) {
    if (llvm::none_of(graph.input(), [&, &name = name](const auto &input) {
          return input.name() == name;
        })) {
      emitError(fileLoc, "cannot freeze '")
          << name << "': no graph input has that name";
      return nullptr;
    }
    frozen[name] = file;
  }
  for (const auto &input : graph.input()) {
    if (initializerNames.contains(input.name()) || frozen.count(input.name()))
      continue;
    args.push_back(&input);
  }
  auto specialized = InputSpecializer(options, fileLoc).specialize(args);
  if (failed(specialized))
    return nullptr;
  SmallVector<Type> argTypes = std::move(*specialized);
  auto fn = func::FuncOp::create(builder, fileLoc, "main",
                                 builder.getFunctionType(argTypes, {}));
  Block *body = fn.addEntryBlock();
  for (auto [i, info] : llvm::enumerate(args)) {
    values[info->name()] = body->getArgument(i);
    fn.setArgAttr(i, "dlc.name", builder.getStringAttr(info->name()));
  }

  builder.setInsertionPointToStart(body);
  for (auto &init : *model.mutable_graph()->mutable_initializer()) {
    Location loc = NameLoc::get(
        builder.getStringAttr("initializer '" + init.name() + "'"), fileLoc);
    auto value = convertTensor(init, baseDir, loc);
    if (failed(value))
      return nullptr;
    values[init.name()] = graph::ConstantOp::create(builder, loc, *value);
    // The constant owns a copy now; dropping the protobuf's keeps the peak
    // memory near one copy of the weights instead of two.
    std::string().swap(*init.mutable_raw_data());
  }

  for (const auto &entry : frozen) {
    Location loc = NameLoc::get(
        builder.getStringAttr("frozen input '" + entry.getKey() + "'"),
        fileLoc);
    auto value = readFrozenInput(entry.getKey(), entry.getValue(), loc);
    if (failed(value))
      return nullptr;
    values[entry.getKey()] = graph::ConstantOp::create(builder, loc, *value);
  }

  const NodeHandlerMap &handlers = getHandlers();
  for (const auto &[index, node] : llvm::enumerate(graph.node())) {
    Location loc = nodeLocation(node, index, path, ctx);
    NodeContext context(node, builder, loc, opset, values, baseDir);
    Operation *last = body->empty() ? nullptr : &body->back();
    // Handlers may assume every named input exists (ONNX nodes are in
    // topological order, so a later node's output is undefined here too).
    for (const auto &input : node.input())
      if (!input.empty() && !values.count(input)) {
        emitError(loc, "input '")
            << input
            << "' is not defined (no graph input, initializer or earlier "
               "node produces it)";
        return nullptr;
      }
    HalfPrecisionScope halfPrecision(node, builder, loc, values);
    if (failed(handlers.lookup(opKey(node))(context)) || context.buildFailed)
      return nullptr;
    halfPrecision.narrowResults();
    // Shapes computed from a file's values (Resize sizes, Expand, Tile,
    // Pad...) are checked before anything folds or allocates for them.
    for (Operation &op :
         llvm::make_range(last ? std::next(last->getIterator()) : body->begin(),
                          body->end()))
      for (Type type : op.getResultTypes())
        if (auto tensor = dyn_cast<RankedTensorType>(type);
            tensor && !onnx_import::checkedNumElements(tensor.getShape())) {
          emitError(loc, "the node's result would have shape ")
              << shapeText(tensor.getShape())
              << ": a negative dim or over 2^40 elements";
          return nullptr;
        }
    if (failed(foldNodeOps(node, *body, last, values)))
      return nullptr;
    if (options.stats && isFoldedNode(node, values))
      ++options.stats->foldedNodes[node.op_type()];
    for (const auto &output : node.output())
      if (!output.empty() && !values.count(output)) {
        emitError(loc, "output '") << output << "' was not produced";
        return nullptr;
      }
  }

  // Declared output shapes are often symbolic in exports: the computed
  // types are authoritative, and a fully static declaration must agree.
  SmallVector<Value> results;
  for (const auto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (!value) {
      emitError(fileLoc, "graph output '")
          << output.name() << "' is never produced";
      return nullptr;
    }
    auto declared = declaredStaticType(output, &ctx);
    if (declared && *declared != value.getType()) {
      emitError(fileLoc, "graph output '")
          << output.name() << "' is declared as " << *declared
          << " but computes " << value.getType();
      return nullptr;
    }
    results.push_back(value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  fn.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    fn.setResultAttr(i, "dlc.name", builder.getStringAttr(output.name()));
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> dlc::importONNXFile(StringRef path, MLIRContext &ctx,
                                          const ONNXImportOptions &options) {
  ctx.loadDialect<graph::DlcDialect, func::FuncDialect>();
  onnx::ModelProto model;
  if (failed(loadModel(path, model, ctx)))
    return nullptr;
  std::string baseDir = llvm::sys::path::parent_path(path).str();
  return importModel(model, path, baseDir.empty() ? "." : baseDir, ctx,
                     options);
}

OwningOpRef<ModuleOp> dlc::importONNXBuffer(StringRef bytes, StringRef name,
                                            MLIRContext &ctx,
                                            const ONNXImportOptions &options) {
  ctx.loadDialect<graph::DlcDialect, func::FuncDialect>();
  Location loc = FileLineColLoc::get(&ctx, name, 0, 0);
  onnx::ModelProto model;
  if (bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), int(bytes.size()))) {
    emitError(loc, "'") << name
                        << "' is not a valid ONNX model (protobuf parsing "
                           "failed; truncated or corrupt?)";
    return nullptr;
  }
  if (failed(checkHasNodes(name, model, loc)))
    return nullptr;
  return importModel(model, name, /*baseDir=*/"", ctx, options);
}
