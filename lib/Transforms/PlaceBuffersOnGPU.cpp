//===- PlaceBuffersOnGPU.cpp - a program's buffers in device memory -------===//
//
// Every buffer gets a version in the memory of each side that touches it:
// the device (the ops that become GPU kernels) and the host (calls of
// kernels placed on the CPU, the caller's arguments, constants). Walking the
// program in order, a copy is made where one side reads what the other side
// wrote last, so data crosses only where a value does.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <deque>

namespace dlc {
#define GEN_PASS_DEF_DLCPLACEBUFFERSONGPUPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

enum Side { kHost = 0, kDevice = 1 };

/// One access of a buffer, directly or through a chain of views.
struct Access {
  OpOperand *operand;
  SmallVector<Operation *> views;
  /// The accessing op's ancestor in the function's block: copies go before
  /// it.
  Operation *anchor;
  Side side;
  bool read = false, written = false;
  /// Reaches only part of the buffer: the other parts must be current too.
  bool partial = false;
};

struct Buffer {
  Value root;
  Side home = kHost;
  Value versions[2];
  bool valid[2] = {false, false};
  SmallVector<Access> accesses;
  SmallVector<Operation *> deallocs;
  /// Where a new version is allocated.
  Operation *definition = nullptr;
};

/// How many leading operands of a host kernel call are inputs (the rest are
/// its out-parameters), or nothing if `op` does not call a host kernel.
std::optional<unsigned> hostKernelInputs(Operation *op) {
  auto call = dyn_cast<func::CallOp>(op);
  if (!call || !call->hasAttr(dlc::kHostKernelInputsAttrName))
    return std::nullopt;
  return call->getAttrOfType<IntegerAttr>(dlc::kHostKernelInputsAttrName)
      .getInt();
}

int64_t numElements(Type type) {
  return cast<ShapedType>(type).getNumElements();
}

/// Records how `buffer` is accessed; ops without memory effects are unknown
/// and count as reading and writing it on the device.
void collectAccesses(Buffer &buffer, Block &body) {
  SmallVector<std::pair<Value, SmallVector<Operation *>>> worklist;
  worklist.push_back({buffer.root, {}});
  while (!worklist.empty()) {
    auto [value, views] = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() == value) {
          SmallVector<Operation *> chain = views;
          chain.push_back(user);
          for (Value result : user->getResults())
            worklist.push_back({result, chain});
          continue;
        }
      }
      if (isa<func::ReturnOp>(user))
        continue;
      if (isa<memref::DeallocOp>(user)) {
        buffer.deallocs.push_back(user);
        continue;
      }
      Access access{&use, views, body.findAncestorOpInBlock(*user), kDevice};
      access.partial =
          numElements(value.getType()) != numElements(buffer.root.getType());
      if (std::optional<unsigned> inputs = hostKernelInputs(user)) {
        access.side = kHost;
        access.read = use.getOperandNumber() < *inputs;
        access.written = !access.read;
      } else if (auto effects = dyn_cast<MemoryEffectOpInterface>(user)) {
        SmallVector<MemoryEffects::EffectInstance> instances;
        effects.getEffectsOnValue(value, instances);
        for (const MemoryEffects::EffectInstance &instance : instances) {
          access.read |= isa<MemoryEffects::Read>(instance.getEffect());
          access.written |= isa<MemoryEffects::Write>(instance.getEffect());
        }
      } else {
        access.read = access.written = true;
      }
      buffer.accesses.push_back(std::move(access));
    }
  }
}

class BufferPlacer {
public:
  BufferPlacer(func::FuncOp func) : func(func), builder(func.getContext()) {
    func.walk([&](func::ReturnOp op) { returns.push_back(op); });
  }

  LogicalResult run() {
    Block &body = func.getBody().front();
    collectBuffers(body);
    copyOnHostWhereWritten();
    for (Buffer &buffer : buffers)
      if (failed(placeHome(buffer)))
        return failure();

    // Program order: copies before the accessing op where the side it runs
    // on lacks the latest data.
    SmallVector<std::pair<Buffer *, Access *>> ordered;
    for (Buffer &buffer : buffers)
      for (Access &access : buffer.accesses)
        ordered.push_back({&buffer, &access});
    DenseMap<Operation *, unsigned> position;
    for (auto [index, op] : llvm::enumerate(body))
      position[&op] = index;
    // Ties keep their order (buffers, then their accesses): deterministic IR.
    DenseMap<Access *, unsigned> found;
    for (auto [index, entry] : llvm::enumerate(ordered))
      found[entry.second] = index;
    llvm::sort(ordered, [&](auto a, auto b) {
      return std::make_pair(position[a.second->anchor], found[a.second]) <
             std::make_pair(position[b.second->anchor], found[b.second]);
    });
    for (size_t begin = 0; begin < ordered.size();) {
      Operation *anchor = ordered[begin].second->anchor;
      size_t end = begin;
      while (end < ordered.size() && ordered[end].second->anchor == anchor)
        ++end;
      auto group = ArrayRef(ordered).slice(begin, end - begin);
      for (auto [buffer, access] : group)
        if (access->read || access->partial)
          makeCurrent(*buffer, access->side, anchor);
      for (auto [buffer, access] : group)
        redirect(*buffer, *access);
      for (auto [buffer, access] : group)
        if (access->written) {
          buffer->valid[access->side] = true;
          buffer->valid[1 - access->side] = false;
        }
      begin = end;
    }

    // Views that only the other side used are left without users.
    for (Buffer &buffer : buffers)
      for (Access &access : buffer.accesses)
        for (Operation *view : llvm::reverse(access.views))
          if (!erased.contains(view) && view->use_empty()) {
            erased.insert(view);
            view->erase();
          }

    // The caller reads outputs in host memory.
    for (Buffer &buffer : buffers)
      if (isa<BlockArgument>(buffer.root))
        for (func::ReturnOp ret : returns)
          makeCurrent(buffer, kHost, ret);
    groupHostAllocations(body);
    for (func::ReturnOp ret : returns) {
      builder.setInsertionPoint(ret);
      for (auto [value, side] : freeAtReturn)
        if (side == kDevice)
          gpu::DeallocOp::create(builder, ret.getLoc(), Type(), ValueRange{},
                                 value);
        else
          memref::DeallocOp::create(builder, ret.getLoc(), value);
    }
    return success();
  }

private:
  void collectBuffers(Block &body) {
    for (BlockArgument arg : func.getArguments())
      if (isa<MemRefType>(arg.getType()))
        addBuffer(arg, nullptr)->valid[kHost] = true;
    func.walk([&](Operation *op) {
      if (isa<memref::GetGlobalOp>(op))
        addBuffer(op->getResult(0), op)->valid[kHost] = true;
      else if (isa<memref::AllocOp, memref::AllocaOp>(op))
        addBuffer(op->getResult(0), op);
    });
    for (Buffer &buffer : buffers)
      collectAccesses(buffer, body);
  }

  /// Host allocations and frees are host operations with side effects,
  /// before which gpu-async-region drains the stream: moved to the start
  /// and to the return, the program synchronizes only where a CPU kernel
  /// or a host copy needs the data.
  void groupHostAllocations(Block &body) {
    if (returns.size() != 1 || returns.front()->getBlock() != &body)
      return;
    SmallVector<Operation *> allocs, frees;
    for (Operation &op : body) {
      if (isa<memref::AllocOp>(op) && op.getNumOperands() == 0)
        allocs.push_back(&op);
      else if (isa<memref::DeallocOp>(op))
        frees.push_back(&op);
    }
    Operation *first = &body.front();
    for (Operation *alloc : allocs)
      if (alloc != first)
        alloc->moveBefore(first);
    for (Operation *free : frees)
      free->moveBefore(returns.front());
  }

  /// A copy out of a buffer that only CPU kernels write (a CPU kernel's
  /// result copied into an output) runs on the host: sending the value to
  /// the device to copy it there and back would move it twice. Contiguous
  /// copies only (the host lowers them to memcpy).
  void copyOnHostWhereWritten() {
    DenseMap<Operation *, SmallVector<Access *>> copyAccesses;
    for (Buffer &buffer : buffers)
      for (Access &access : buffer.accesses)
        if (isa<memref::CopyOp>(access.operand->getOwner()))
          copyAccesses[access.operand->getOwner()].push_back(&access);
    for (Buffer &buffer : buffers)
      for (Access &access : buffer.accesses) {
        auto copy = dyn_cast<memref::CopyOp>(access.operand->getOwner());
        auto identity = [](Value value) {
          auto type = dyn_cast<MemRefType>(value.getType());
          return type && type.getLayout().isIdentity();
        };
        if (!copy || access.operand->get() != copy.getSource() ||
            !identity(copy.getSource()) || !identity(copy.getTarget()))
          continue;
        bool writtenOnHostOnly =
            llvm::all_of(buffer.accesses, [&](const Access &other) {
              return &other == &access ||
                     (other.side == kHost && (other.written || other.read));
            });
        if (!writtenOnHostOnly)
          continue;
        for (Access *both : copyAccesses[copy])
          both->side = kHost;
        copy->setAttr(dlc::kHostCopyAttrName, UnitAttr::get(copy.getContext()));
      }
  }

  Buffer *addBuffer(Value root, Operation *definition) {
    buffers.emplace_back();
    Buffer &buffer = buffers.back();
    buffer.root = root;
    buffer.definition = definition;
    return &buffer;
  }

  /// Arguments and constants live in host memory; an allocation lives on
  /// the device unless only host kernels touch it.
  LogicalResult placeHome(Buffer &buffer) {
    Operation *alloc = buffer.definition;
    bool onlyHost = !buffer.accesses.empty() &&
                    llvm::all_of(buffer.accesses, [](const Access &access) {
                      return access.side == kHost;
                    });
    if (!isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(alloc) ||
        onlyHost) {
      buffer.home = kHost;
      buffer.versions[kHost] = buffer.root;
      return success();
    }
    buffer.home = kDevice;
    auto type = cast<MemRefType>(buffer.root.getType());
    if (!type.getLayout().isIdentity())
      return alloc->emitError(
          "the CUDA target needs identity-layout allocations");
    builder.setInsertionPoint(alloc);
    auto device = gpu::AllocOp::create(
        builder, alloc->getLoc(), type, /*asyncToken=*/Type(), ValueRange{},
        alloc->getOperands(), ValueRange{}, /*hostShared=*/false);
    buffer.root.replaceAllUsesWith(device.getMemref());
    buffer.root = buffer.versions[kDevice] = device.getMemref();
    buffer.definition = device;
    for (Operation *&dealloc : buffer.deallocs) {
      builder.setInsertionPoint(dealloc);
      Operation *freed = gpu::DeallocOp::create(
          builder, dealloc->getLoc(), Type(), ValueRange{}, buffer.root);
      dealloc->erase();
      dealloc = freed;
    }
    // Stack buffers had no dealloc.
    if (isa<memref::AllocaOp>(alloc))
      for (func::ReturnOp ret : returns) {
        builder.setInsertionPoint(ret);
        buffer.deallocs.push_back(gpu::DeallocOp::create(
            builder, alloc->getLoc(), Type(), ValueRange{}, buffer.root));
      }
    alloc->erase();
    return success();
  }

  /// The buffer's version on `side`, allocated next to the original.
  Value version(Buffer &buffer, Side side) {
    if (buffer.versions[side])
      return buffer.versions[side];
    Location loc = buffer.root.getLoc();
    auto type = cast<MemRefType>(buffer.root.getType());
    // Arguments' versions at the start, in argument order.
    if (buffer.definition)
      builder.setInsertionPointAfter(buffer.definition);
    else if (lastArgumentVersion)
      builder.setInsertionPointAfter(lastArgumentVersion);
    else
      builder.setInsertionPointToStart(&func.getBody().front());
    Value created;
    if (side == kDevice)
      created = gpu::AllocOp::create(builder, loc, type, Type(), ValueRange{},
                                     ValueRange{}, ValueRange{}, false)
                    .getMemref();
    else
      created = memref::AllocOp::create(builder, loc, type,
                                        builder.getI64IntegerAttr(64));
    buffer.versions[side] = created;
    if (!buffer.definition)
      lastArgumentVersion = created.getDefiningOp();
    // Freed with the original, or before returning (after the copies out).
    auto freeAt = [&](Operation *point) {
      builder.setInsertionPoint(point);
      if (side == kDevice)
        gpu::DeallocOp::create(builder, loc, Type(), ValueRange{}, created);
      else
        memref::DeallocOp::create(builder, loc, created);
    };
    for (Operation *dealloc : buffer.deallocs)
      freeAt(dealloc);
    if (buffer.deallocs.empty())
      freeAtReturn.push_back({created, side});
    return created;
  }

  /// Copies the latest data to `side` before `point` if it is elsewhere.
  void makeCurrent(Buffer &buffer, Side side, Operation *point) {
    Side other = side == kHost ? kDevice : kHost;
    if (buffer.valid[side] || !buffer.valid[other])
      return;
    Value destination = version(buffer, side);
    builder.setInsertionPoint(point);
    gpu::MemcpyOp::create(builder, point->getLoc(), Type(), ValueRange{},
                          destination, buffer.versions[other]);
    buffer.valid[side] = true;
  }

  /// Points the access at the version on its side, through copies of its
  /// views.
  void redirect(Buffer &buffer, Access &access) {
    Value target = version(buffer, access.side);
    if (target == buffer.root)
      return;
    builder.setInsertionPoint(access.operand->getOwner());
    IRMapping mapping;
    mapping.map(buffer.root, target);
    for (Operation *view : access.views)
      target = builder.clone(*view, mapping)->getResult(0);
    access.operand->set(target);
  }

  func::FuncOp func;
  OpBuilder builder;
  SmallVector<func::ReturnOp> returns;
  std::deque<Buffer> buffers;
  SmallVector<std::pair<Value, Side>> freeAtReturn;
  Operation *lastArgumentVersion = nullptr;
  llvm::SmallPtrSet<Operation *, 8> erased;
};

struct DlcPlaceBuffersOnGPUPass
    : dlc::impl::DlcPlaceBuffersOnGPUPassBase<DlcPlaceBuffersOnGPUPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("the CUDA target needs a host program of one block");
      return signalPassFailure();
    }
    if (failed(BufferPlacer(func).run()))
      signalPassFailure();
  }
};
} // namespace
