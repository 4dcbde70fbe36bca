//===- dlc-opt.cpp - run dlc and upstream passes on MLIR text -------------===//
//
// The `mlir-opt` of dlc: every dlc pass and pipeline is reachable from here,
// which is what the lit tests drive.
//
//===----------------------------------------------------------------------===//

#include "dlc/Pipelines/Pipelines.h"

#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // Only dlc's dialects and interface models: what the tests see is what the
  // compiler sees.
  mlir::DialectRegistry registry;
  mlir::registerAllPasses();
  dlc::registerAllDialects(registry);
  dlc::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
