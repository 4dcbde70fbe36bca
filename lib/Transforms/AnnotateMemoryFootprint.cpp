//===- AnnotateMemoryFootprint.cpp - weights and peak of heap buffers -----===//
//
// What a compiled model needs in memory, for `dlc inspect`: its constants,
// and the most bytes its heap buffers hold at once. Computed on the
// bufferized program, before parallel loops are outlined, by following
// memref.alloc and memref.dealloc in program order.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "dlc-annotate-memory-footprint"

namespace dlc {
#define GEN_PASS_DEF_DLCANNOTATEMEMORYFOOTPRINTPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
/// Bytes of a statically shaped memref, or nullopt.
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  int64_t bits = type.getElementTypeBitWidth();
  return type.getNumElements() * ((bits + 7) / 8);
}

/// The buffer `value` views (through subviews, casts, reshapes).
Value rootBuffer(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(op))
      value = view.getViewSource();
    else
      break;
  }
  return value;
}

/// Live heap buffers while one function runs, and their high-water mark.
class FootprintSimulation {
public:
  explicit FootprintSimulation(
      llvm::DenseMap<Operation *, int64_t> &calleePeaks)
      : calleePeaks(calleePeaks) {}

  /// Simulates `region`; false if a buffer has a dynamic size.
  bool run(Region &region) {
    for (Block &block : region)
      for (Operation &op : block)
        if (!visit(op))
          return false;
    return true;
  }

  int64_t peak() const { return highWater; }

private:
  bool visit(Operation &op) {
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes)
        return false;
      // The LLVM lowering over-allocates by the alignment to align the
      // pointer itself.
      *bytes += alloc.getAlignment().value_or(0);
      live[alloc.getResult()] = *bytes;
      grow(*bytes);
      return true;
    }
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      auto it = live.find(rootBuffer(dealloc.getMemref()));
      if (it != live.end()) {
        current -= it->second;
        live.erase(it);
      }
      return true;
    }
    if (auto call = dyn_cast<CallOpInterface>(op)) {
      std::optional<int64_t> calleePeak = peakOf(call.resolveCallable());
      if (!calleePeak)
        return false;
      highWater = std::max(highWater, current + *calleePeak);
      return true;
    }
    // A loop body or branch counts once: what it allocates and frees
    // inside adds to the peak; what it leaves allocated stays counted.
    for (Region &region : op.getRegions())
      if (!run(region))
        return false;
    return true;
  }

  std::optional<int64_t> peakOf(Operation *callee) {
    auto function = dyn_cast_or_null<FunctionOpInterface>(callee);
    if (!function || function.isExternal())
      return 0;
    auto known = calleePeaks.find(callee);
    if (known != calleePeaks.end())
      return known->second;
    calleePeaks[callee] = 0; // recursion: counted once
    FootprintSimulation nested(calleePeaks);
    if (!nested.run(function.getFunctionBody()))
      return std::nullopt;
    return calleePeaks[callee] = nested.peak();
  }

  void grow(int64_t bytes) {
    current += bytes;
    highWater = std::max(highWater, current);
  }

  llvm::DenseMap<Operation *, int64_t> &calleePeaks;
  llvm::DenseMap<Value, int64_t> live;
  int64_t current = 0, highWater = 0;
};

struct DlcAnnotateMemoryFootprintPass
    : dlc::impl::DlcAnnotateMemoryFootprintPassBase<
          DlcAnnotateMemoryFootprintPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Builder builder(module);
    int64_t weights = 0;
    module.walk([&](memref::GlobalOp global) {
      if (global.getConstant() && global.getInitialValue())
        weights += staticBytes(global.getType()).value_or(0);
    });
    module->setAttr("dlc.weight_bytes", builder.getI64IntegerAttr(weights));

    llvm::DenseMap<Operation *, int64_t> calleePeaks;
    int64_t workspace = 0;
    for (auto function : module.getOps<FunctionOpInterface>()) {
      if (function.isExternal() || !function.isPublic())
        continue;
      FootprintSimulation simulation(calleePeaks);
      if (!simulation.run(function.getFunctionBody())) {
        LLVM_DEBUG(llvm::dbgs() << "a buffer of dynamic size in "
                                << function.getName() << "\n");
        module->removeAttr("dlc.workspace_bytes");
        return;
      }
      workspace = std::max(workspace, simulation.peak());
    }
    module->setAttr("dlc.workspace_bytes",
                    builder.getI64IntegerAttr(workspace));
  }
};
} // namespace
