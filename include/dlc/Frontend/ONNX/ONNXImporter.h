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

#include <map>
#include <string>
#include <vector>

namespace dlc {

/// Which of a model's op types dlc can import.
struct ONNXCoverage {
  int64_t opset = 0;
  size_t numNodes = 0;
  /// Supported op type -> number of nodes.
  std::map<std::string, size_t> supported;
  /// Unsupported op type -> names of the nodes using it.
  std::map<std::string, std::vector<std::string>> unsupported;
};

struct ONNXImportOptions {
  /// Graph inputs bound to constants at import, as (input name, TensorProto
  /// file). Shape-like inputs (Reshape's shape, Slice's starts, ...) must be
  /// known at compile time; freezing them removes them from the signature.
  std::vector<std::pair<std::string, std::string>> frozenInputs;
  /// Where node diagnostics (`model.onnx: node 'x' (Op): error: ...`) go;
  /// null: stderr.
  llvm::raw_ostream *diagnosticStream = nullptr;
};

/// Reads `path` and reports op coverage without importing. Emits an error
/// (and returns failure) only when the file cannot be read as a model.
mlir::FailureOr<ONNXCoverage> checkONNXFile(llvm::StringRef path,
                                            mlir::MLIRContext &context);

/// Imports `path` into a new module. Unsupported ops are reported all at
/// once, each with the nodes that use it; other errors name the node and
/// its op type.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context,
               const ONNXImportOptions &options = {});

/// Op types the importer handles, sorted.
std::vector<std::string> getSupportedONNXOps();

} // namespace dlc

#endif // DLC_FRONTEND_ONNX_ONNXIMPORTER_H
