//===- ImportCommand.cpp - `dlc import` and `dlc check` -------------------===//

#include "Commands.h"

#include "dlc/Frontend/ONNX/ONNXImporter.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

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
  // Diagnostics of the trial import are part of the report.
  std::string diagnostics;
  raw_string_ostream diagnosticStream(diagnostics);
  dlc::Compiler compiler(diagnosticStream);
  auto coverage = dlc::checkONNXFile(checkInput, compiler.getContext());
  if (failed(coverage)) {
    errs() << diagnostics;
    return 1;
  }
  dlc::ONNXImportOptions options = compileOptionsFromFlags().onnx;
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

  // Dims of the same name are one size: listed once, with every use.
  bool openDims = false;
  if (!coverage->symbolicDims.empty()) {
    outs() << "symbolic dims:\n";
    std::vector<std::string> order;
    std::map<std::string, std::vector<const dlc::ONNXSymbolicDim *>> uses;
    for (const auto &dim : coverage->symbolicDims) {
      if (!uses.count(dim.name))
        order.push_back(dim.name);
      uses[dim.name].push_back(&dim);
    }
    for (const std::string &name : order) {
      bool sized = options.dimSizes.count(name) ||
                   llvm::any_of(uses[name], [&](const auto *dim) {
                     return options.inputShapes.count(dim->input);
                   });
      openDims |= !sized;
      outs() << "  " << name << "  (";
      for (const auto &[i, dim] : llvm::enumerate(uses[name]))
        outs() << (i ? ", " : "") << "input '" << dim->input << "' dim "
               << dim->index;
      outs() << ")" << (sized ? "  sized by --dim/--input-shape" : "") << "\n";
    }
    if (openDims)
      outs() << "  give their sizes with --dim=NAME=SIZE or "
                "--input-shape=INPUT=SHAPE (dlc run sizes them from its "
                "inputs)\n";
  }
  bool openShapeInputs = false;
  if (!coverage->shapeInputs.empty()) {
    outs() << "shape-like inputs (values needed at compile time):\n";
    for (const auto &use : coverage->shapeInputs) {
      bool frozen = llvm::any_of(options.frozenInputs, [&](const auto &f) {
        return f.first == use.input;
      });
      openShapeInputs |= !frozen;
      outs() << "  " << use.input << "  (node '" << use.node << "' ("
             << use.opType << ") input #" << use.operand << ")"
             << (frozen ? "  frozen" : "") << "\n";
    }
    if (openShapeInputs)
      outs() << "  freeze them with --freeze-input=NAME=@FILE.pb\n";
  }

  if (!coverage->unsupported.empty()) {
    outs() << coverage->unsupported.size()
           << " op type(s) unsupported; `dlc compile` would reject this "
              "model\n";
    return 1;
  }
  // The rest is decided by importing it, as `dlc compile` would.
  dlc::ONNXImportStats stats;
  options.stats = &stats;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      compiler.parseFile(checkInput, options);
  if (!stats.foldedNodes.empty()) {
    size_t total = 0;
    for (const auto &entry : stats.foldedNodes)
      total += entry.second;
    outs() << "constant evaluation folds " << total << " node(s):";
    for (const auto &[op, count] : stats.foldedNodes)
      outs() << " " << op << " (" << count << ")";
    outs() << "\n";
  }
  if (!module) {
    outs() << "all ops supported, but the model does not import as given:\n";
    StringRef text(diagnostics);
    SmallVector<StringRef> lines;
    text.rtrim().split(lines, '\n');
    for (StringRef line : lines)
      outs() << "  " << line << "\n";
    return 1;
  }
  outs() << "all ops supported; the model imports as given\n";
  return 0;
}
