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

using namespace mlir;
using namespace dlc;
using namespace dlc::onnx_import;

namespace {
/// The oldest default-domain opset accepted. Handlers follow each op's
/// semantics at the model's opset where they changed (Softmax before 13,
/// axes as attributes before 13/18, Clip bounds before 11, Slice before 10,
/// Reshape's shape before 5).
constexpr int64_t kMinOpset = 1;

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
  if (!model.has_graph() || model.graph().node_size() == 0)
    return emitError(loc, "'") << path << "' has no graph nodes";
  return success();
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

FailureOr<RankedTensorType> valueInfoType(const onnx::ValueInfoProto &info,
                                          Location loc) {
  MLIRContext *ctx = loc.getContext();
  if (!info.type().has_tensor_type())
    return emitError(loc, "graph input/output '")
           << info.name() << "' is not a tensor";
  const auto &tensor = info.type().tensor_type();
  Type element = convertElementType(tensor.elem_type(), ctx);
  if (!element)
    return emitError(loc, "graph input/output '")
           << info.name() << "' has element type "
           << elementTypeName(tensor.elem_type())
           << ", which dlc does not support";
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return emitError(loc, "graph input '")
             << info.name() << "' has a symbolic dimension '" << dim.dim_param()
             << "'; dlc compiles static shapes (export with fixed input "
                "sizes)";
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, element);
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
    if (!dim.has_dim_value())
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, element);
}
} // namespace

std::vector<std::string> dlc::getSupportedONNXOps() {
  std::vector<std::string> ops;
  for (const auto &entry : getHandlers())
    ops.push_back(entry.getKey().str());
  std::sort(ops.begin(), ops.end());
  return ops;
}

static ONNXCoverage computeCoverage(const onnx::ModelProto &model) {
  ONNXCoverage coverage;
  coverage.opset = defaultOpset(model);
  const NodeHandlerMap &handlers = getHandlers();
  for (const auto &[index, node] : llvm::enumerate(model.graph().node())) {
    ++coverage.numNodes;
    std::string key = opKey(node);
    if (handlers.count(key))
      ++coverage.supported[key];
    else
      coverage.unsupported[key].push_back(
          node.name().empty() ? "#" + std::to_string(index) : node.name());
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
  return convertTensor(tensor, llvm::sys::path::parent_path(file), loc);
}

OwningOpRef<ModuleOp> dlc::importONNXFile(StringRef path, MLIRContext &ctx,
                                          const ONNXImportOptions &options) {
  ctx.loadDialect<graph::DlcDialect, func::FuncDialect>();
  onnx::ModelProto model;
  if (failed(loadModel(path, model, ctx)))
    return nullptr;
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);

  int64_t opset = defaultOpset(model);
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
  std::string baseDir = llvm::sys::path::parent_path(path).str();
  OpBuilder builder(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  llvm::StringMap<Value> values;

  // Initializers become constants; graph inputs that are not initializers
  // become the function's arguments.
  llvm::StringSet<> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());
  SmallVector<Type> argTypes;
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
    auto type = valueInfoType(input, fileLoc);
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    args.push_back(&input);
  }
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
    HalfPrecisionScope halfPrecision(node, builder, loc, values);
    if (failed(handlers.lookup(opKey(node))(context)))
      return nullptr;
    halfPrecision.narrowResults();
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
