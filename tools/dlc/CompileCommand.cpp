//===- CompileCommand.cpp - `dlc compile` ---------------------------------===//

#include "Commands.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace dlc::tool;

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir | model.onnx>"),
                                      cl::sub(compileCommand));
static cl::opt<std::string> outputPath("o", cl::desc("Output path"),
                                       cl::value_desc("path"),
                                       cl::sub(compileCommand));
static cl::opt<std::string> emitStage(
    "emit",
    cl::desc("Stop after a stage and write it: graph, kernels, "
             "linalg, llvm (LLVM dialect), ptx (CUDA kernels), llvm-ir, "
             "asm, obj, so (default)"),
    cl::init("so"), cl::sub(compileCommand));

int dlc::tool::runCompileCommand() {
  auto stage = parseStage(emitStage);
  if (!stage) {
    errs() << "dlc compile: unknown --emit stage '" << emitStage
           << "' (graph, kernels, linalg, llvm, ptx, llvm-ir, asm, obj, so)\n";
    return 1;
  }
  std::string output = outputPath;
  if (output.empty()) {
    if (*stage == Stage::Artifact || *stage == Stage::Object) {
      errs() << "dlc compile: -o is required for --emit=so and --emit=obj\n";
      return 1;
    }
    output = "-";
  }
  CompileOptions options = compileOptionsFromFlags();
  options.emit = *stage;
  Compiler compiler;
  return failed(compiler.compileFile(inputPath, options, output)) ? 1 : 0;
}
