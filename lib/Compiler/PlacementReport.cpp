//===- PlacementReport.cpp - what went where, and why ---------------------===//

#include "dlc/Compiler/PlacementReport.h"

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <map>

using namespace mlir;
using namespace dlc;

namespace {
int64_t sizeInBytes(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  int64_t bits = tensor.getElementType().getIntOrFloatBitWidth();
  return tensor.getNumElements() * ((bits + 7) / 8);
}

std::string kernelLabel(size_t index) {
  return "kernel #" + std::to_string(index);
}

struct Collector {
  PlacementReport report;
  llvm::DenseMap<Operation *, size_t> kernelOfCall;

  void addKernel(func::CallOp call, func::FuncOp callee) {
    PlacementReport::Kernel kernel;
    kernel.function = callee.getSymName().str();
    if (auto device = callee->getAttrOfType<StringAttr>(graph::kDeviceAttrName))
      kernel.device = device.getValue().str();
    if (auto reason =
            callee->getAttrOfType<StringAttr>(graph::kPlacementAttrName))
      kernel.reason = reason.getValue().str();
    callee.walk([&](Operation *op) {
      if (graph::isComputeOp(op))
        kernel.ops.push_back({op->getName().getStringRef().str(),
                              graph::getNodeName(op->getLoc()).str()});
    });
    kernelOfCall[call] = report.kernels.size();
    report.kernels.push_back(std::move(kernel));
  }

  std::string describeValue(Value value) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      return "argument #" + std::to_string(arg.getArgNumber());
    Operation *producer = value.getDefiningOp();
    if (auto it = kernelOfCall.find(producer); it != kernelOfCall.end())
      return "result of " + kernelLabel(it->second);
    std::string text = producer->getName().getStringRef().str();
    if (StringRef node = graph::getNodeName(producer->getLoc()); !node.empty())
      text += " '" + node.str() + "'";
    return text;
  }

  void addTransfer(graph::TransferOp transfer) {
    PlacementReport::Transfer entry;
    entry.source = transfer.getSource().str();
    entry.target = transfer.getTarget().str();
    entry.bytes = sizeInBytes(transfer.getType());
    entry.value = describeValue(transfer.getInput());
    report.transfers.push_back(std::move(entry));
  }
};

std::string formatBytes(int64_t bytes) {
  if (bytes >= (1 << 20))
    return llvm::formatv("{0:F1} MiB", bytes / double(1 << 20)).str();
  if (bytes >= (1 << 10))
    return llvm::formatv("{0:F1} KiB", bytes / double(1 << 10)).str();
  return std::to_string(bytes) + " B";
}

std::string describeOp(const PlacementReport::Op &op) {
  return op.node.empty() ? op.name : op.name + " '" + op.node + "'";
}
} // namespace

PlacementReport dlc::collectPlacementReport(ModuleOp module,
                                            ArrayRef<std::string> targets) {
  Collector collector;
  collector.report.targets.assign(targets.begin(), targets.end());
  SymbolTable symbols(module);
  for (auto host : module.getOps<func::FuncOp>()) {
    if (host.isPrivate())
      continue;
    host.walk([&](Operation *op) {
      if (auto call = dyn_cast<func::CallOp>(op)) {
        if (auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
            callee && callee->hasAttr(graph::kDeviceAttrName))
          collector.addKernel(call, callee);
      } else if (auto transfer = dyn_cast<graph::TransferOp>(op)) {
        collector.addTransfer(transfer);
      }
    });
  }
  // Readers are labelled once every kernel has its index.
  size_t index = 0;
  for (auto host : module.getOps<func::FuncOp>())
    if (!host.isPrivate())
      host.walk([&](graph::TransferOp transfer) {
        PlacementReport::Transfer &entry = collector.report.transfers[index++];
        for (Operation *user : transfer->getUsers()) {
          auto it = collector.kernelOfCall.find(user);
          entry.users.push_back(it != collector.kernelOfCall.end()
                                    ? kernelLabel(it->second)
                                    : std::string("the result"));
        }
      });
  return std::move(collector.report);
}

std::vector<std::string> PlacementReport::usedDevices() const {
  std::vector<std::string> used;
  for (const std::string &target : targets)
    if (llvm::any_of(kernels,
                     [&](const Kernel &k) { return k.device == target; }))
      used.push_back(target);
  return used;
}

namespace {
struct Totals {
  llvm::MapVector<StringRef, std::pair<int64_t, int64_t>>
      perDevice; // kernels, ops
  int64_t ops = 0, fusedKernels = 0, fusedOps = 0, bytes = 0;
  llvm::MapVector<std::string, int64_t, std::map<std::string, unsigned>>
      bytesPerDirection;
};

Totals computeTotals(const PlacementReport &report) {
  Totals totals;
  for (const std::string &target : report.targets)
    totals.perDevice[target] = {0, 0};
  for (const auto &kernel : report.kernels) {
    auto &[kernels, ops] = totals.perDevice[kernel.device];
    ++kernels;
    ops += kernel.ops.size();
    totals.ops += kernel.ops.size();
    if (kernel.ops.size() > 1) {
      ++totals.fusedKernels;
      totals.fusedOps += kernel.ops.size();
    }
  }
  for (const auto &transfer : report.transfers) {
    totals.bytes += transfer.bytes;
    totals.bytesPerDirection[transfer.source + "->" + transfer.target] +=
        transfer.bytes;
  }
  return totals;
}
} // namespace

void PlacementReport::printText(llvm::raw_ostream &os) const {
  os << "placement report (targets: " << llvm::join(targets, ", ") << ")\n";
  os << "kernels:\n";
  for (auto [index, kernel] : llvm::enumerate(kernels)) {
    os << "  " << kernelLabel(index) << " " << kernel.function << " on "
       << kernel.device << " (" << kernel.reason << "): ";
    llvm::interleaveComma(kernel.ops, os,
                          [&](const Op &op) { os << describeOp(op); });
    os << "\n";
  }
  os << "transfers:" << (transfers.empty() ? " none" : "") << "\n";
  for (const Transfer &transfer : transfers)
    os << "  " << transfer.source << " -> " << transfer.target << " "
       << formatBytes(transfer.bytes) << ": " << transfer.value << ", read by "
       << llvm::join(transfer.users, ", ") << "\n";
  Totals totals = computeTotals(*this);
  os << "totals: " << kernels.size() << " kernels, " << totals.ops << " ops";
  for (auto &[device, counts] : totals.perDevice)
    os << "; " << device << ": " << counts.first << " kernels, "
       << counts.second << " ops";
  os << "; " << totals.fusedOps << " ops fused into " << totals.fusedKernels
     << " kernels; " << transfers.size() << " transfers, "
     << formatBytes(totals.bytes);
  for (auto &[direction, bytes] : totals.bytesPerDirection)
    os << " (" << direction << " " << formatBytes(bytes) << ")";
  os << "\n";
}

void PlacementReport::printJSON(llvm::raw_ostream &os) const {
  llvm::json::Array kernelArray;
  for (const Kernel &kernel : kernels) {
    llvm::json::Array ops;
    for (const Op &op : kernel.ops)
      ops.push_back(llvm::json::Object{{"op", op.name}, {"node", op.node}});
    kernelArray.push_back(llvm::json::Object{{"function", kernel.function},
                                             {"device", kernel.device},
                                             {"reason", kernel.reason},
                                             {"ops", std::move(ops)}});
  }
  llvm::json::Array transferArray;
  for (const Transfer &transfer : transfers)
    transferArray.push_back(
        llvm::json::Object{{"source", transfer.source},
                           {"target", transfer.target},
                           {"bytes", transfer.bytes},
                           {"value", transfer.value},
                           {"users", llvm::json::Array(transfer.users)}});
  Totals totals = computeTotals(*this);
  llvm::json::Object perDevice;
  for (auto &[device, counts] : totals.perDevice)
    perDevice[device] =
        llvm::json::Object{{"kernels", counts.first}, {"ops", counts.second}};
  llvm::json::Object bytesPerDirection;
  for (auto &[direction, bytes] : totals.bytesPerDirection)
    bytesPerDirection[direction] = bytes;
  llvm::json::Object root{
      {"targets", llvm::json::Array(targets)},
      {"kernels", std::move(kernelArray)},
      {"transfers", std::move(transferArray)},
      {"totals",
       llvm::json::Object{
           {"kernels", static_cast<int64_t>(kernels.size())},
           {"ops", totals.ops},
           {"fused_kernels", totals.fusedKernels},
           {"fused_ops", totals.fusedOps},
           {"devices", std::move(perDevice)},
           {"transfers", static_cast<int64_t>(transfers.size())},
           {"transfer_bytes", totals.bytes},
           {"transfer_bytes_by_direction", std::move(bytesPerDirection)}}}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
}
