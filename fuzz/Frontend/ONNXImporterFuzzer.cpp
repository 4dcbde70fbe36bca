//===- ONNXImporterFuzzer.cpp - libFuzzer target: the ONNX importer -------===//
//
// Bytes -> importONNXBuffer -> verified module, or an error diagnostic: an
// import that fails must say why, and one that succeeds must verify.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/ONNX/ONNXImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace {
/// A context outlives many inputs (creating one costs more than most
/// imports), but the attributes an import interns are never freed, so it is
/// replaced now and then to keep the fuzzer's memory flat.
constexpr int kInputsPerContext = 256;

struct Session {
  std::unique_ptr<mlir::MLIRContext> context;
  int inputs = 0;
  int errors = 0;

  mlir::MLIRContext &next() {
    if (!context || ++inputs % kInputsPerContext == 0) {
      context = std::make_unique<mlir::MLIRContext>(
          mlir::MLIRContext::Threading::DISABLED);
      context->getDiagEngine().registerHandler([this](mlir::Diagnostic &d) {
        errors += d.getSeverity() == mlir::DiagnosticSeverity::Error;
      });
    }
    errors = 0;
    return *context;
  }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Session session;
  mlir::MLIRContext &context = session.next();
  std::string nodeDiagnostics;
  llvm::raw_string_ostream stream(nodeDiagnostics);
  dlc::ONNXImportOptions options;
  options.diagnosticStream = &stream;
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto module = dlc::importONNXBuffer(bytes, "fuzz.onnx", context, options);
  if (!module) {
    if (session.errors == 0 && nodeDiagnostics.empty())
      std::abort(); // a rejection must say why
    return 0;
  }
  if (mlir::failed(mlir::verify(*module)))
    std::abort(); // an accepted model must give valid IR
  return 0;
}
