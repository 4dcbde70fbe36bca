//===- NodeImporter.h - per-node ONNX import interface ----------*- C++ -*-===//
//
// Each ONNX op type has a handler that turns one node into dlc ops through a
// NodeContext. Handlers are grouped by op family in *Nodes.cpp files.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_FRONTEND_ONNX_NODEIMPORTER_H
#define DLC_LIB_FRONTEND_ONNX_NODEIMPORTER_H

#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>
#include <optional>

namespace dlc::onnx_import {

/// The most elements a tensor read from a model may have (2^40): sizes
/// computed from a file's dims are checked against it before any
/// allocation or arithmetic that could overflow.
constexpr int64_t kMaxTensorElements = int64_t(1) << 40;

/// The element count of `shape`, or nullopt if a dim is negative or the
/// count exceeds kMaxTensorElements.
std::optional<int64_t> checkedNumElements(llvm::ArrayRef<int64_t> shape);

/// `2x3x4`, as diagnostics print shapes.
std::string shapeText(llvm::ArrayRef<int64_t> shape);

/// The most elements of a constant that a node handler builds itself (index
/// lists, masks, one-hot positions, interpolation weights): unlike the
/// model's tensors these are held in memory while compiling.
constexpr int64_t kMaxBuiltConstantElements = int64_t(1) << 24;

/// Converts an ONNX element type code to an MLIR type, or null if dlc does
/// not support it.
mlir::Type convertElementType(int32_t onnxType, mlir::MLIRContext *ctx);
/// The ONNX name of an element type code ("FLOAT", "DOUBLE", ...).
std::string elementTypeName(int32_t onnxType);

/// Reads a TensorProto (inline or external data relative to `baseDir`).
mlir::FailureOr<mlir::DenseElementsAttr>
convertTensor(const onnx::TensorProto &tensor, llvm::StringRef baseDir,
              mlir::Location loc);

/// What a handler sees of the node it converts.
class NodeContext {
public:
  NodeContext(const onnx::NodeProto &node, mlir::OpBuilder &builder,
              mlir::Location loc, int64_t opset,
              llvm::StringMap<mlir::Value> &values, llvm::StringRef baseDir)
      : node(node), builder(builder), loc(loc), opset(opset), values(values),
        baseDir(baseDir) {}

  const onnx::NodeProto &node;
  mlir::OpBuilder &builder;
  mlir::Location loc;
  int64_t opset;

  mlir::MLIRContext *getContext() { return builder.getContext(); }

  /// Whether input `i` is given (ONNX marks skipped optional inputs with "").
  bool hasInput(int i) const {
    return i < node.input_size() && !node.input(i).empty();
  }
  /// Input `i`; emits an error and returns null if it is missing.
  mlir::Value input(int i);
  mlir::RankedTensorType inputType(int i) {
    return llvm::cast<mlir::RankedTensorType>(input(i).getType());
  }
  /// The value of input `i` if it is a constant (initializer, Constant node,
  /// or folded shape computation); emits an error otherwise.
  mlir::FailureOr<mlir::DenseElementsAttr> constantInput(int i);
  /// Integer values of a constant input (shapes, axes, pads, ...).
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(int i);

  bool hasAttr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t defaultValue) const;
  /// Axis attribute `name` normalized against `rank` (negative counts from
  /// the back); emits an error if it is out of range.
  mlir::FailureOr<int64_t> axisAttr(llvm::StringRef name, int64_t defaultValue,
                                    int64_t rank);
  /// Normalizes `axis` against `rank`; emits an error if it is out of range.
  mlir::FailureOr<int64_t> checkedAxis(int64_t axis, int64_t rank);
  float floatAttr(llvm::StringRef name, float defaultValue) const;
  std::string stringAttr(llvm::StringRef name,
                         llvm::StringRef defaultValue) const;
  llvm::SmallVector<int64_t> intsAttr(llvm::StringRef name) const;
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  llvm::StringRef getBaseDir() const { return baseDir; }

  /// Binds output `i` of the node.
  void setResult(int i, mlir::Value value);
  /// Binds output 0 to a value that may have failed to build (its error is
  /// already emitted).
  mlir::LogicalResult bindResult(mlir::FailureOr<mlir::Value> result) {
    if (mlir::failed(result))
      return mlir::failure();
    setResult(0, *result);
    return mlir::success();
  }
  mlir::InFlightDiagnostic emitError() { return mlir::emitError(loc); }
  /// The value of a build that may have failed (its error emitted), or null:
  /// `create` fails on null operands, so chains of builds stop cleanly.
  mlir::Value valueOrNull(mlir::FailureOr<mlir::Value> result) {
    return mlir::succeeded(result) ? *result : mlir::Value();
  }
  /// Set when a build failed; the importer then stops even if a handler
  /// went on and returned success.
  bool buildFailed = false;

  /// Fails with an error unless a constant of `shape`, which this node
  /// would build at compile time for `what`, fits
  /// kMaxBuiltConstantElements.
  mlir::LogicalResult checkBuiltConstant(llvm::ArrayRef<int64_t> shape,
                                         llvm::StringRef what);

  /// Creates an op with `numResults` results whose types are inferred,
  /// without aborting when inference fails (an error is emitted instead).
  template <typename OpTy>
  mlir::FailureOr<mlir::Operation *>
  createWithResults(unsigned numResults, mlir::ValueRange operands,
                    llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    if (operands.empty() ||
        llvm::any_of(operands, [](mlir::Value v) { return !v; })) {
      buildFailed = true;
      return mlir::failure();
    }
    llvm::SmallVector<mlir::Type> placeholders(numResults,
                                               operands.front().getType());
    auto op = OpTy::create(builder, loc, placeholders, operands, attrs);
    llvm::SmallVector<mlir::Type> types;
    if (mlir::failed(OpTy::inferReturnTypes(
            getContext(), loc, typename OpTy::Adaptor(op), types))) {
      op->erase();
      buildFailed = true;
      return mlir::failure();
    }
    for (auto [result, type] : llvm::zip(op->getResults(), types))
      result.setType(type);
    return op.getOperation();
  }

  /// Like createWithResults, for the common single-result op.
  template <typename OpTy>
  mlir::FailureOr<mlir::Value>
  create(mlir::ValueRange operands,
         llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    auto op = createWithResults<OpTy>(1, operands, attrs);
    if (mlir::failed(op))
      return mlir::failure();
    return (*op)->getResult(0);
  }

  /// A dlc.constant holding `value`.
  mlir::Value constant(mlir::DenseElementsAttr value);
  /// A scalar-broadcastable f32 constant of rank `rank` (all dims 1).
  mlir::Value scalar(float value, mlir::Type elementType, int64_t rank = 0);
  /// dlc.reshape to `shape` (no-op if equal).
  mlir::Value reshape(mlir::Value value, llvm::ArrayRef<int64_t> shape);
  /// dlc.gather of `value` along `axis` at constant `indices` (a 1-D i64
  /// vector); import-time index tables for Pad, Resize, reversals.
  mlir::FailureOr<mlir::Value> gatherAlong(mlir::Value value, int64_t axis,
                                           llvm::ArrayRef<int64_t> indices);

private:
  llvm::StringMap<mlir::Value> &values;
  llvm::StringRef baseDir;
};

using NodeHandler = mlir::LogicalResult (*)(NodeContext &);
using NodeHandlerMap = llvm::StringMap<NodeHandler>;

void registerElementwiseNodes(NodeHandlerMap &handlers);
void registerNeuralNetNodes(NodeHandlerMap &handlers);
void registerReductionNodes(NodeHandlerMap &handlers);
void registerResizeNodes(NodeHandlerMap &handlers);
void registerShapeNodes(NodeHandlerMap &handlers);

/// Normalizes a possibly negative axis against `rank`.
inline int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

} // namespace dlc::onnx_import

#endif // DLC_LIB_FRONTEND_ONNX_NODEIMPORTER_H
