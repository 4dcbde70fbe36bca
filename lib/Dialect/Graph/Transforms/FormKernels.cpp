//===- FormKernels.cpp - fuse graph ops into dlc.kernel regions -----------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"

#include <limits>

namespace dlc::graph {
#define GEN_PASS_DEF_DLCFORMKERNELSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
/// What an op contributes to a kernel, as far as fusion is concerned.
enum class FusionRole {
  Elementwise, ///< one output element from the same input elements
  Contraction, ///< matmul, gemm, conv: takes epilogues
  Reduction,   ///< reduces along some dims: takes producers and epilogues
  Opaque,      ///< data movement: a kernel of its own
};

FusionRole getFusionRole(Operation *op) {
  if (isa<MatMulOp, GemmOp, Conv2DOp>(op))
    return FusionRole::Contraction;
  if (isa<SoftmaxOp, LayerNormOp, ReduceSumOp, ReduceMeanOp, ReduceMaxOp,
          ReduceProdOp, ArgMaxOp>(op))
    return FusionRole::Reduction;
  if (isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaximumOp, MinimumOp, CompareOp,
          SelectOp, CastOp, BatchNormOp>(op))
    return FusionRole::Elementwise;
  // The unary math ops (softmax, the one other op with this trait, is
  // matched above).
  if (op->getNumOperands() == 1 &&
      op->hasTrait<OpTrait::SameOperandsAndResultType>())
    return FusionRole::Elementwise;
  return FusionRole::Opaque;
}

int64_t numElements(Value value) {
  return cast<RankedTensorType>(value.getType()).getNumElements();
}

StringRef getDevice(Operation *op, StringRef fallback) {
  if (auto device = op->getAttrOfType<StringAttr>(kDeviceAttrName))
    return device.getValue();
  return fallback;
}

/// Ops that will become one kernel.
struct Group {
  SmallVector<Operation *> ops;
  StringRef device;
  /// The group's heaviest role: Elementwise until a contraction or a
  /// reduction joins.
  FusionRole anchor;
};

class KernelFormation {
public:
  KernelFormation(StringRef defaultDevice, bool fuse)
      : defaultDevice(defaultDevice), fuse(fuse) {}

  void run(Block &block) {
    for (Operation &op : block)
      if (isComputeOp(&op))
        add(&op);
    if (fuse)
      mergeDiamonds();
    for (Group &group : groups)
      if (!group.ops.empty())
        materialize(group);
  }

private:
  void add(Operation *op) {
    StringRef device = getDevice(op, defaultDevice);
    FusionRole role = getFusionRole(op);
    if (fuse)
      if (Group *group = findGroupToJoin(op, role, device)) {
        group->ops.push_back(op);
        if (role == FusionRole::Reduction)
          group->anchor = role;
        groupOf[op] = group - groups.data();
        return;
      }
    groupOf[op] = groups.size();
    groups.push_back(Group{{op}, device, role});
  }

  Group *groupFor(Value value) {
    Operation *producer = value.getDefiningOp();
    auto it = producer ? groupOf.find(producer) : groupOf.end();
    return it == groupOf.end() ? nullptr : &groups[it->second];
  }

  /// Whether `op` may join the kernel that produces `operand`.
  bool canJoin(Operation *op, FusionRole role, StringRef device, Value operand,
               Group &group) {
    if (group.device != device || group.anchor == FusionRole::Opaque)
      return false;
    // Another user would need the value too: fusing would either compute it
    // twice or keep it alive as a kernel result next to the fused one.
    if (llvm::any_of(operand.getUsers(),
                     [&](Operation *user) { return user != op; }))
      return false;
    // Broadcasting the producer's result would recompute it per copy.
    if (op->getNumResults() != 1 ||
        numElements(op->getResult(0)) > numElements(operand))
      return false;
    switch (role) {
    case FusionRole::Elementwise:
      break; // chains, and epilogues of contractions and reductions
    case FusionRole::Reduction:
      if (group.anchor != FusionRole::Elementwise)
        return false; // producers only: one reduction per kernel
      break;
    case FusionRole::Contraction:
    case FusionRole::Opaque:
      return false;
    }
    // The kernel replaces its ops at `op`: every value the group shares
    // with other ops must be used only after `op`.
    for (Operation *member : group.ops)
      for (Operation *user : member->getUsers())
        if (user != op && !isInGroup(user, group) && !op->isBeforeInBlock(user))
          return false;
    return true;
  }

  bool isInGroup(Operation *op, Group &group) {
    auto it = groupOf.find(op);
    return it != groupOf.end() && &groups[it->second] == &group;
  }

  Group *findGroupToJoin(Operation *op, FusionRole role, StringRef device) {
    // A residual add joins the contraction's or reduction's kernel rather
    // than an elementwise chain.
    Group *chosen = nullptr;
    for (Value operand : op->getOperands()) {
      Group *group = groupFor(operand);
      if (!group || !canJoin(op, role, device, operand, *group))
        continue;
      if (!chosen || (chosen->anchor == FusionRole::Elementwise &&
                      group->anchor != FusionRole::Elementwise))
        chosen = group;
    }
    return chosen;
  }

  /// Values of `group` read by ops outside it.
  SmallVector<Value> liveOuts(Group &group) {
    SmallVector<Value> values;
    for (Operation *op : group.ops)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !isInGroup(user, group);
            }))
          values.push_back(result);
    return values;
  }

  /// Whether `producer` can merge into the elementwise group `consumer`:
  /// every value it shares is read only there (an elementwise op reading a
  /// value twice, as gelu's x * (1 + erf(x / c)) does, is a diamond the
  /// one-user rule of `canJoin` cannot see), and nothing is broadcast.
  bool canMerge(Group &producer, Group &consumer) {
    if (&producer == &consumer || producer.device != consumer.device ||
        producer.anchor == FusionRole::Opaque ||
        consumer.anchor != FusionRole::Elementwise)
      return false;
    SmallVector<Value> shared = liveOuts(producer);
    int64_t smallest = std::numeric_limits<int64_t>::max();
    for (Value value : shared) {
      for (Operation *user : value.getUsers())
        if (!isInGroup(user, consumer))
          return false;
      smallest = std::min(smallest, numElements(value));
    }
    return llvm::all_of(consumer.ops, [&](Operation *op) {
      return op->getNumResults() == 1 &&
             numElements(op->getResult(0)) <= smallest;
    });
  }

  void mergeDiamonds() {
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t c = 0; c < groups.size(); ++c) {
        if (groups[c].anchor != FusionRole::Elementwise)
          continue;
        // The kernels producing this one's inputs, in program order.
        llvm::SetVector<size_t> producers;
        for (Operation *op : groups[c].ops)
          for (Value operand : op->getOperands())
            if (Operation *producer = operand.getDefiningOp())
              if (auto it = groupOf.find(producer);
                  it != groupOf.end() && it->second != c)
                producers.insert(it->second);
        for (size_t p : producers) {
          Group &consumer = groups[c], &producer = groups[p];
          if (!canMerge(producer, consumer))
            continue;
          for (Operation *op : producer.ops)
            groupOf[op] = c;
          consumer.ops.append(producer.ops);
          llvm::sort(consumer.ops, [](Operation *a, Operation *b) {
            return a->isBeforeInBlock(b);
          });
          consumer.anchor = producer.anchor;
          producer.ops.clear();
          changed = true;
          break; // the consumer's producers changed
        }
      }
    }
  }

  void materialize(Group &group) {
    Operation *last = group.ops.back();
    llvm::SmallPtrSet<Operation *, 8> members(group.ops.begin(),
                                              group.ops.end());
    llvm::SetVector<Value> inputs;
    SmallVector<Value> results;
    llvm::SetVector<StringRef> reasons;
    for (Operation *op : group.ops) {
      for (Value operand : op->getOperands())
        if (!members.contains(operand.getDefiningOp()))
          inputs.insert(operand);
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !members.contains(user);
            }))
          results.push_back(result);
      if (auto reason = op->getAttrOfType<StringAttr>(kPlacementAttrName))
        reasons.insert(reason.getValue());
    }

    OpBuilder builder(last);
    Location loc =
        group.ops.size() == 1
            ? last->getLoc()
            : builder.getFusedLoc(llvm::to_vector(llvm::map_range(
                  group.ops, [](Operation *op) { return op->getLoc(); })));
    auto kernel = KernelOp::create(builder, loc, ValueRange(results).getTypes(),
                                   inputs.getArrayRef(), group.device);
    if (!reasons.empty())
      kernel->setAttr(kPlacementAttrName,
                      builder.getStringAttr(llvm::join(reasons, "; ")));
    Block *body = builder.createBlock(&kernel.getBody());
    IRMapping mapping;
    for (Value input : inputs)
      mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
    for (Operation *op : group.ops) {
      Operation *clone = builder.clone(*op, mapping);
      clone->removeAttr(kDeviceAttrName);
      clone->removeAttr(kPlacementAttrName);
    }
    SmallVector<Value> yielded = llvm::to_vector(llvm::map_range(
        results, [&](Value result) { return mapping.lookup(result); }));
    YieldOp::create(builder, last->getLoc(), yielded);
    for (auto [result, replacement] : llvm::zip(results, kernel.getResults()))
      result.replaceAllUsesWith(replacement);
    for (Operation *op : llvm::reverse(group.ops))
      op->erase();
  }

  StringRef defaultDevice;
  bool fuse;
  SmallVector<Group> groups;
  llvm::DenseMap<Operation *, size_t> groupOf;
};

/// An op whose results hold no elements needs no kernel: its results are
/// empty constants. (This also keeps zero-sized buffers out of kernel
/// signatures, which the bare-pointer calling convention rejects.)
bool replaceEmptyResults(Operation *op) {
  if (op->getNumResults() == 0 ||
      llvm::any_of(op->getResultTypes(), [](Type type) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        return !tensor || tensor.getNumElements() != 0;
      }))
    return false;
  OpBuilder builder(op);
  for (Value result : op->getResults()) {
    auto type = cast<RankedTensorType>(result.getType());
    result.replaceAllUsesWith(ConstantOp::create(
        builder, op->getLoc(),
        DenseElementsAttr::get(type, ArrayRef<Attribute>{})));
  }
  op->erase();
  return true;
}

struct DlcFormKernelsPass
    : dlc::graph::impl::DlcFormKernelsPassBase<DlcFormKernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    for (Block &block : getOperation().getBody()) {
      for (Operation &op : llvm::make_early_inc_range(block))
        if (isComputeOp(&op))
          replaceEmptyResults(&op);
      KernelFormation(defaultDevice, fuse).run(block);
    }
  }
};
} // namespace
