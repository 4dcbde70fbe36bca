//===- PlaceOps.cpp - choose a device for every compute op ----------------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace dlc::graph {
#define GEN_PASS_DEF_DLCPLACEOPSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

StringRef dlc::graph::getNodeName(Location loc) {
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (StringRef name = getNodeName(inner); !name.empty())
        return name;
    return {};
  }
  auto named = dyn_cast<NameLoc>(loc);
  if (!named)
    return {};
  // The ONNX importer names ops "node 'NAME' (OpType)".
  StringRef name = named.getName().getValue();
  if (name.consume_front("node '")) {
    size_t end = name.rfind("' (");
    return end == StringRef::npos ? name : name.take_front(end);
  }
  return name;
}

bool dlc::graph::isComputeOp(Operation *op) {
  return isa<DlcDialect>(op->getDialect()) &&
         !isa<ConstantOp, KernelOp, YieldOp, TransferOp>(op);
}

namespace {
constexpr StringLiteral kKnownDevices[] = {"cpu", "cuda"};

/// "cuda:0" -> "cuda".
StringRef deviceKind(StringRef device) { return device.split(':').first; }

struct DlcPlaceOpsPass
    : dlc::graph::impl::DlcPlaceOpsPassBase<DlcPlaceOpsPass> {
  using Base::Base;

  /// Both code generators lower every dlc compute op; `exclude` narrows a
  /// device's capabilities (to exercise fallback).
  bool canRun(StringRef device, Operation *op) const {
    std::string entry = (device + ":" + op->getName().getStringRef()).str();
    return !llvm::is_contained(exclude, entry);
  }

  /// The `--place` pin that names `op`, if any.
  std::optional<std::pair<StringRef, StringRef>> findPin(Operation *op) const {
    StringRef node = getNodeName(op->getLoc());
    for (StringRef pin : pins) {
      auto [name, device] = pin.rsplit(':');
      if ((!node.empty() && name == node) ||
          name == op->getName().getStringRef())
        return std::make_pair(pin, device);
    }
    return std::nullopt;
  }

  std::string describe(Operation *op) const {
    std::string text = op->getName().getStringRef().str();
    if (StringRef node = getNodeName(op->getLoc()); !node.empty())
      text += " '" + node.str() + "'";
    return text;
  }

  LogicalResult checkOptions() {
    if (targets.empty())
      return emitError(getOperation().getLoc(), "no target device given");
    for (StringRef target : targets)
      if (!llvm::is_contained(kKnownDevices, target))
        return emitError(getOperation().getLoc(), "unknown target device '")
               << target << "' (available: cpu, cuda)";
    for (StringRef pin : pins) {
      auto [name, device] = pin.rsplit(':');
      if (name.empty() || device.empty())
        return emitError(getOperation().getLoc(), "placement '")
               << pin << "' is not NAME:DEVICE";
      if (!llvm::is_contained(targets, device))
        return emitError(getOperation().getLoc(), "placement '")
               << pin << "' names device '" << device
               << "', which is not a target";
    }
    return success();
  }

  static int64_t resultElements(Operation *op) {
    int64_t elements = 0;
    for (Type type : op->getResultTypes())
      if (auto shaped = dyn_cast<ShapedType>(type);
          shaped && shaped.hasStaticShape())
        elements += shaped.getNumElements();
    return elements;
  }

  bool isTiny(Operation *op) const {
    return tinyElements > 0 && resultElements(op) <= tinyElements;
  }

  /// The device of every input computed by an already placed op, if they
  /// share one that is a target able to run `op` (arguments and constants
  /// live anywhere).
  std::optional<StringRef> inputsDevice(Operation *op) const {
    std::optional<StringRef> device;
    for (Value input : op->getOperands()) {
      Operation *producer = input.getDefiningOp();
      if (!producer || !isComputeOp(producer))
        continue;
      auto placed = producer->getAttrOfType<StringAttr>(kDeviceAttrName);
      if (!placed || (device && *device != placed.getValue()))
        return std::nullopt;
      device = placed.getValue();
    }
    if (!device || !llvm::is_contained(targets, *device) ||
        !canRun(*device, op))
      return std::nullopt;
    return device;
  }

  /// The first target that can run `op`, or "" if none can.
  StringRef firstCapableTarget(Operation *op) const {
    for (StringRef target : targets)
      if (canRun(target, op))
        return target;
    return {};
  }

  LogicalResult place(Operation *op, SmallVectorImpl<Operation *> &fallbacks) {
    Builder builder(op->getContext());
    auto assign = [&](StringRef device, const Twine &reason) {
      op->setAttr(kDeviceAttrName, builder.getStringAttr(device));
      op->setAttr(kPlacementAttrName, builder.getStringAttr(reason));
      return success();
    };

    if (auto pin = findPin(op)) {
      if (!canRun(pin->second, op))
        return op->emitError("--place=")
               << pin->first << " pins " << describe(op) << " to "
               << pin->second << ", which cannot run it";
      return assign(pin->second, "pinned by --place=" + pin->first);
    }

    if (auto request = op->getAttrOfType<StringAttr>(kDeviceAttrName)) {
      StringRef requested = request.getValue();
      StringRef kind = deviceKind(requested);
      bool isHint = requested.contains(':');
      bool targeted = llvm::is_contained(targets, kind);
      if (targeted && canRun(kind, op))
        return assign(kind, isHint ? "hint " + requested + " honored"
                                   : Twine("pinned by its dlc.device"));
      if (!isHint)
        return op->emitError("'")
               << op->getName() << "' is pinned to '" << requested << "', "
               << (targeted ? "which cannot run it" : "which is not a target");
      StringRef device = firstCapableTarget(op);
      if (device.empty())
        return op->emitError("no target device can run '")
               << op->getName() << "'";
      return assign(device, "re-placed from hint " + requested + " (" +
                                (targeted ? kind + " cannot run it"
                                          : kind + " is not a target") +
                                ")");
    }

    StringRef device = firstCapableTarget(op);
    if (device.empty())
      return op->emitError("no target device can run '")
             << op->getName() << "'";
    if (device == targets.front()) {
      if (std::optional<StringRef> home = inputsDevice(op);
          home && *home != device && isTiny(op))
        return assign(*home, "kept on " + *home + " with its inputs (" +
                                 Twine(resultElements(op)) + " elements)");
      return assign(device, "first target");
    }
    fallbacks.push_back(op);
    return assign(device, "fallback: " + targets.front() + " cannot run " +
                              op->getName().getStringRef());
  }

  void runOnOperation() override {
    if (failed(checkOptions()))
      return signalPassFailure();
    SmallVector<Operation *> fallbacks;
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      if (isComputeOp(op) && failed(place(op, fallbacks)))
        failedAny = true;
    });
    if (failedAny)
      return signalPassFailure();
    if (noFallback && !fallbacks.empty()) {
      InFlightDiagnostic diag = emitError(getOperation().getLoc())
                                << "--no-fallback: " << fallbacks.size()
                                << " op(s) cannot run on " << targets.front()
                                << ":";
      for (Operation *op : fallbacks)
        diag << " " << describe(op) << ";";
      for (Operation *op : fallbacks)
        diag.attachNote(op->getLoc()) << describe(op) << " is here";
      signalPassFailure();
    }
  }
};
} // namespace
