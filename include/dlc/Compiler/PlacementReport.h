//===- PlacementReport.h - what went where, and why -------------*- C++ -*-===//
//
// Read from a module after kernel formation and outlining: each kernel with
// its ops (and their source node names), its device and the reason, each
// cross-device transfer with its size, and totals.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_COMPILER_PLACEMENTREPORT_H
#define DLC_COMPILER_PLACEMENTREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace dlc {

struct PlacementReport {
  struct Op {
    std::string name; ///< dlc op name
    std::string node; ///< source node name, may be empty
  };
  struct Kernel {
    std::string function;
    std::string device;
    std::string reason;
    std::vector<Op> ops;
  };
  struct Transfer {
    std::string source, target;
    int64_t bytes = 0;
    std::string value;              ///< what moves (argument, constant, ...)
    std::vector<std::string> users; ///< kernels (or the result) reading it
  };
  std::vector<std::string> targets;
  std::vector<Kernel> kernels;
  std::vector<Transfer> transfers;

  /// The devices kernels were placed on, in target order.
  std::vector<std::string> usedDevices() const;

  void printText(llvm::raw_ostream &os) const;
  void printJSON(llvm::raw_ostream &os) const;
};

/// Collects the report from a module whose kernels are outlined
/// (Stage::Kernels).
PlacementReport collectPlacementReport(mlir::ModuleOp module,
                                       llvm::ArrayRef<std::string> targets);

} // namespace dlc

#endif // DLC_COMPILER_PLACEMENTREPORT_H
