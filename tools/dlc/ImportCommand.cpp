//===- ImportCommand.cpp - `dlc import` and `dlc check` -------------------===//

#include "Commands.h"

#include "dlc/Frontend/ONNX/ONNXImporter.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace dlc::tool;

static cl::opt<std::string> importInput(cl::Positional, cl::Required,
                                        cl::desc("<model.onnx>"),
                                        cl::sub(importCommand));
static cl::opt<std::string> importOutput("o", cl::desc("Output .mlir path"),
                                         cl::value_desc("path"), cl::init("-"),
                                         cl::sub(importCommand));
static cl::opt<bool> printLocations(
    "print-locations",
    cl::desc("Print each op's location (the ONNX node it came from)"),
    cl::sub(importCommand));
static cl::opt<std::string> checkInput(cl::Positional, cl::Required,
                                       cl::desc("<model.onnx>"),
                                       cl::sub(checkCommand));

int dlc::tool::runImportCommand() {
  dlc::Compiler compiler;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      compiler.parseFile(importInput, compileOptionsFromFlags().onnx);
  if (!module)
    return 1;
  std::string error;
  auto file = mlir::openOutputFile(importOutput, &error);
  if (!file) {
    errs() << "error: cannot write '" << importOutput << "': " << error << "\n";
    return 1;
  }
  mlir::OpPrintingFlags flags;
  if (printLocations)
    flags.enableDebugInfo();
  module->print(file->os(), flags);
  file->keep();
  return 0;
}

int dlc::tool::runCheckCommand() {
  dlc::Compiler compiler;
  auto coverage = dlc::checkONNXFile(checkInput, compiler.getContext());
  if (failed(coverage))
    return 1;
  outs() << checkInput << ": opset " << coverage->opset << ", "
         << coverage->numNodes << " nodes, "
         << coverage->supported.size() + coverage->unsupported.size()
         << " op types\n";
  for (const auto &[op, count] : coverage->supported)
    outs() << "  supported    " << op << " (" << count << ")\n";
  for (const auto &[op, nodes] : coverage->unsupported) {
    outs() << "  UNSUPPORTED  " << op << " (" << nodes.size() << "):";
    for (const auto &node : nodes)
      outs() << " " << node;
    outs() << "\n";
  }
  if (!coverage->unsupported.empty()) {
    outs() << coverage->unsupported.size()
           << " op type(s) unsupported; `dlc compile` would reject this "
              "model\n";
    return 1;
  }
  outs() << "all ops supported\n";
  return 0;
}
