//===- ONNXImporter.h - ONNX models to the dlc graph dialect ----*- C++ -*-===//
//
// Reads an ONNX protobuf (what torch.onnx.export, tf2onnx and Keras produce)
// and builds a module whose @main function computes the graph with dlc ops.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_ONNX_ONNXIMPORTER_H
#define DLC_FRONTEND_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <vector>

namespace dlc {

/// A dimension of a graph input whose size the model leaves open: a
/// `dim_param` (its name), or no size / -1 (named `INPUT.INDEX`, e.g.
/// `input.0`).
struct ONNXSymbolicDim {
  std::string input;
  int64_t index = 0;
  std::string name;
};

/// A graph input whose values (not just its shape) decide shapes: it feeds
/// an operand dlc needs at compile time (Reshape's shape, Pad's pads, ...).
struct ONNXShapeInput {
  std::string input;
  /// The node that needs it, its op type and the operand number.
  std::string node, opType;
  int64_t operand = 0;
};

/// What `dlc check` reports about a model before importing it.
struct ONNXCoverage {
  int64_t opset = 0;
  size_t numNodes = 0;
  /// Supported op type -> number of nodes.
  std::map<std::string, size_t> supported;
  /// Unsupported op type -> names of the nodes using it; nodes inside
  /// If/Loop/Scan bodies are named `PARENT/NODE`.
  std::map<std::string, std::vector<std::string>> unsupported;
  /// Open dimensions of the graph inputs, in input order.
  std::vector<ONNXSymbolicDim> symbolicDims;
  /// Graph inputs used as shapes, values or axes at compile time.
  std::vector<ONNXShapeInput> shapeInputs;
};

/// Counts an import gathers for `dlc check`.
struct ONNXImportStats {
  /// Op type -> nodes whose outputs all became constants (evaluated at
  /// compile time), Constant nodes aside.
  std::map<std::string, size_t> foldedNodes;
};

struct ONNXImportOptions {
  /// Graph inputs bound to constants at import, as (input name, TensorProto
  /// file). Shape-like inputs (Reshape's shape, Slice's starts, ...) must be
  /// known at compile time; freezing them removes them from the signature.
  std::vector<std::pair<std::string, std::string>> frozenInputs;
  /// Sizes of symbolic input dimensions by name (`--dim=batch=1`): a
  /// dim_param, or `INPUT.INDEX` for an unnamed or -1 dimension.
  std::map<std::string, int64_t> dimSizes;
  /// Whole shapes of graph inputs by name (`--input-shape=x=1x3x224x224`);
  /// their symbolic dims bind the dims of the same name everywhere.
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Shapes of the run-time inputs in signature order (what `dlc run` was
  /// given): they size the symbolic dims of inputs of the same rank.
  std::vector<std::vector<int64_t>> runInputShapes;
  /// Where node diagnostics (`model.onnx: node 'x' (Op): error: ...`) go;
  /// null: stderr.
  llvm::raw_ostream *diagnosticStream = nullptr;
  /// Filled in by the import when set.
  ONNXImportStats *stats = nullptr;
};

/// Adds `NAME=1x3x224x224` (an --input-shape flag) to `options`; returns an
/// error message, empty on success. A scalar input is `NAME=` (no dims).
std::string addInputShapeSpec(ONNXImportOptions &options, llvm::StringRef spec);
/// Adds `SYMBOL=SIZE` (a --dim flag) to `options`; returns an error
/// message, empty on success.
std::string addDimSpec(ONNXImportOptions &options, llvm::StringRef spec);

/// Reads `path` and reports op coverage, symbolic dimensions and shape-like
/// inputs without importing. Emits an error (and returns failure) only when
/// the file cannot be read as a model.
mlir::FailureOr<ONNXCoverage> checkONNXFile(llvm::StringRef path,
                                            mlir::MLIRContext &context);

/// Imports `path` into a new module. Unsupported ops are reported all at
/// once, each with the nodes that use it; other errors name the node and
/// its op type.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context,
               const ONNXImportOptions &options = {});

/// Imports a serialized ModelProto held in memory (an `onnx.ModelProto`
/// from Python, a fuzzer's input); `name` stands for the file in
/// diagnostics. Tensors with external data are rejected: there is no model
/// directory to read them from.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef bytes, llvm::StringRef name,
                 mlir::MLIRContext &context,
                 const ONNXImportOptions &options = {});

/// Op types the importer handles, sorted.
std::vector<std::string> getSupportedONNXOps();

} // namespace dlc

#endif // DLC_FRONTEND_ONNX_ONNXIMPORTER_H
