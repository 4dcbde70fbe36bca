//===- Commands.h - subcommands of the dlc tool -----------------*- C++ -*-===//

#ifndef DLC_TOOLS_DLC_COMMANDS_H
#define DLC_TOOLS_DLC_COMMANDS_H

#include "dlc/Compiler/Compiler.h"

#include "llvm/Support/CommandLine.h"

namespace dlc::tool {

extern llvm::cl::SubCommand compileCommand;
extern llvm::cl::SubCommand runCommand;
extern llvm::cl::SubCommand inspectCommand;
extern llvm::cl::SubCommand importCommand;
extern llvm::cl::SubCommand checkCommand;

/// Options shared by `compile` and `run` (which compiles .mlir on the fly).
extern llvm::cl::opt<std::string> targetOption;
extern llvm::cl::opt<std::string> cpuOption;
extern llvm::cl::opt<unsigned> optLevelOption;
extern llvm::cl::list<std::string> freezeInputOption;

/// CompileOptions from the shared command-line options.
CompileOptions compileOptionsFromFlags();

int runCompileCommand();
int runRunCommand();
int runInspectCommand();
int runImportCommand();
int runCheckCommand();

} // namespace dlc::tool

#endif // DLC_TOOLS_DLC_COMMANDS_H
