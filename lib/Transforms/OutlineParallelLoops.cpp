//===- OutlineParallelLoops.cpp - run marked loops on the thread pool -----===//
//
// A loop marked `dlc.parallel` becomes a function over a range of its
// iterations, `void body(void *ctx, int64_t begin, int64_t end)`, and a call
// to the artifact's dispatcher with a context holding every value the body
// captures. The dispatcher calls the runtime's thread pool through the
// exported `dlc_artifact_parallel_for` pointer, which the runtime sets when it
// loads the artifact; when it is unset the loop runs serially in the caller.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc-rt/dlc_artifact_abi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

namespace dlc {
#define GEN_PASS_DEF_DLCOUTLINEPARALLELLOOPSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
constexpr StringLiteral kParallelMarker = "dlc.parallel";
constexpr StringLiteral kDispatcherName = "__dlc_parallel_for";
constexpr StringLiteral kHookName = DLC_ARTIFACT_PARALLEL_FOR_SYMBOL;

/// The i64 slots a captured value occupies in the context.
int64_t slotCount(Type type) {
  if (auto memref = dyn_cast<MemRefType>(type))
    return 2 + 2 * memref.getRank(); // pointer, offset, sizes, strides
  return 1;
}

bool isCapturable(Type type) {
  if (isa<MemRefType, IndexType>(type))
    return true;
  if (auto integer = dyn_cast<IntegerType>(type))
    return integer.getWidth() <= 64;
  return type.isF32() || type.isF64();
}

/// The LLVM descriptor type of a ranked memref, as the LLVM type converter
/// builds it.
Type descriptorType(MemRefType type) {
  MLIRContext *ctx = type.getContext();
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  Type i64 = IntegerType::get(ctx, 64);
  SmallVector<Type> fields = {ptr, ptr, i64};
  if (type.getRank() > 0) {
    Type array = LLVM::LLVMArrayType::get(i64, type.getRank());
    fields.append({array, array});
  }
  return LLVM::LLVMStructType::getLiteral(ctx, fields);
}

Value toI64(OpBuilder &b, Location loc, Value value) {
  Type i64 = b.getI64Type();
  Type type = value.getType();
  if (type.isIndex())
    return arith::IndexCastOp::create(b, loc, i64, value);
  if (type.isF32())
    value = arith::BitcastOp::create(b, loc, b.getI32Type(), value);
  else if (type.isF64())
    return arith::BitcastOp::create(b, loc, i64, value);
  if (value.getType().getIntOrFloatBitWidth() < 64)
    return arith::ExtUIOp::create(b, loc, i64, value);
  return value;
}

Value fromI64(OpBuilder &b, Location loc, Value slot, Type type) {
  if (type.isIndex())
    return arith::IndexCastOp::create(b, loc, type, slot);
  if (type.isF64())
    return arith::BitcastOp::create(b, loc, type, slot);
  if (type.isF32())
    return arith::BitcastOp::create(
        b, loc, type, arith::TruncIOp::create(b, loc, b.getI32Type(), slot));
  if (type.getIntOrFloatBitWidth() < 64)
    return arith::TruncIOp::create(b, loc, type, slot);
  return slot;
}

/// Writes `value` into the context starting at slot `first`.
void storeCapture(OpBuilder &b, Location loc, Value context, int64_t first,
                  Value value) {
  SmallVector<Value> words;
  if (isa<MemRefType>(value.getType())) {
    words.push_back(toI64(
        b, loc, memref::ExtractAlignedPointerAsIndexOp::create(b, loc, value)));
    auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, value);
    words.push_back(toI64(b, loc, metadata.getOffset()));
    for (Value size : metadata.getSizes())
      words.push_back(toI64(b, loc, size));
    for (Value stride : metadata.getStrides())
      words.push_back(toI64(b, loc, stride));
  } else {
    words.push_back(toI64(b, loc, value));
  }
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  for (auto [i, word] : llvm::enumerate(words)) {
    Value address =
        LLVM::GEPOp::create(b, loc, ptr, b.getI64Type(), context,
                            ArrayRef<LLVM::GEPArg>{first + int64_t(i)});
    LLVM::StoreOp::create(b, loc, word, address);
  }
}

/// Rebuilds a captured value from the context in the body.
Value loadCapture(OpBuilder &b, Location loc, Value context, int64_t first,
                  Type type) {
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  Type i64 = b.getI64Type();
  auto word = [&](int64_t i) -> Value {
    Value address = LLVM::GEPOp::create(b, loc, ptr, i64, context,
                                        ArrayRef<LLVM::GEPArg>{first + i});
    return LLVM::LoadOp::create(b, loc, i64, address);
  };
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return fromI64(b, loc, word(0), type);
  Type descType = descriptorType(memref);
  Value desc = LLVM::PoisonOp::create(b, loc, descType);
  Value pointer = LLVM::IntToPtrOp::create(b, loc, ptr, word(0));
  desc =
      LLVM::InsertValueOp::create(b, loc, desc, pointer, ArrayRef<int64_t>{0});
  desc =
      LLVM::InsertValueOp::create(b, loc, desc, pointer, ArrayRef<int64_t>{1});
  desc =
      LLVM::InsertValueOp::create(b, loc, desc, word(1), ArrayRef<int64_t>{2});
  int64_t rank = memref.getRank();
  for (int64_t d = 0; d < rank; ++d) {
    desc = LLVM::InsertValueOp::create(b, loc, desc, word(2 + d),
                                       ArrayRef<int64_t>{3, d});
    desc = LLVM::InsertValueOp::create(b, loc, desc, word(2 + rank + d),
                                       ArrayRef<int64_t>{4, d});
  }
  return UnrealizedConversionCastOp::create(b, loc, type, desc).getResult(0);
}

/// void __dlc_parallel_for(body, ctx, n): the runtime's pool when it set the
/// hook, else a serial call.
void createDispatcher(OpBuilder &b, Location loc) {
  MLIRContext *ctx = b.getContext();
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  Type i64 = b.getI64Type();
  auto hook =
      LLVM::GlobalOp::create(b, loc, ptr, /*isConstant=*/false,
                             LLVM::Linkage::External, kHookName, Attribute());
  {
    OpBuilder::InsertionGuard guard(b);
    Block *init = b.createBlock(&hook.getInitializerRegion());
    b.setInsertionPointToStart(init);
    LLVM::ReturnOp::create(b, loc,
                           ValueRange{LLVM::ZeroOp::create(b, loc, ptr)});
  }
  auto voidType = LLVM::LLVMVoidType::get(ctx);
  auto bodyType = LLVM::LLVMFunctionType::get(voidType, {ptr, i64, i64});
  auto hookType = LLVM::LLVMFunctionType::get(voidType, {ptr, ptr, i64});
  auto dispatcher = LLVM::LLVMFuncOp::create(b, loc, kDispatcherName, hookType,
                                             LLVM::Linkage::Internal);
  OpBuilder::InsertionGuard guard(b);
  Block *entry = dispatcher.addEntryBlock(b);
  Block *serial = b.createBlock(&dispatcher.getBody());
  Block *pooled = b.createBlock(&dispatcher.getBody());
  Value body = entry->getArgument(0), context = entry->getArgument(1),
        count = entry->getArgument(2);

  b.setInsertionPointToStart(entry);
  Value hookAddress = LLVM::AddressOfOp::create(b, loc, hook);
  Value pool = LLVM::LoadOp::create(b, loc, ptr, hookAddress);
  Value unset = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, pool,
                                     LLVM::ZeroOp::create(b, loc, ptr));
  LLVM::CondBrOp::create(b, loc, unset, serial, pooled);

  b.setInsertionPointToStart(serial);
  Value zero = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(0));
  LLVM::CallOp::create(b, loc, bodyType,
                       ValueRange{body, context, zero, count});
  LLVM::ReturnOp::create(b, loc, ValueRange{});

  b.setInsertionPointToStart(pooled);
  LLVM::CallOp::create(b, loc, hookType,
                       ValueRange{pool, body, context, count});
  LLVM::ReturnOp::create(b, loc, ValueRange{});
}

class LoopOutliner {
public:
  LoopOutliner(ModuleOp module) : module(module), symbols(module) {}

  /// Outlines `loop`; leaves it serial when it carries values or captures
  /// something the context cannot hold (the tiler does not produce either).
  LogicalResult outline(scf::ForOp loop, func::FuncOp parent) {
    if (loop.getNumResults() != 0)
      return failure();
    SetVector<Value> used;
    getUsedValuesDefinedAbove(loop.getRegion(), used);
    SmallVector<Value> captures;
    SmallVector<Operation *> constants;
    for (Value value : used) {
      Operation *def = value.getDefiningOp();
      if (def && def->hasTrait<OpTrait::ConstantLike>()) {
        constants.push_back(def);
        continue;
      }
      if (!isCapturable(value.getType()))
        return failure();
      captures.push_back(value);
    }
    captures.push_back(loop.getLowerBound());
    captures.push_back(loop.getStep());
    int64_t numSlots = 0;
    for (Value value : captures)
      numSlots += slotCount(value.getType());

    Location loc = loop.getLoc();
    func::FuncOp body = createBody(loop, parent, captures, constants);

    // The context lives in the entry block: loops around this one reuse it.
    OpBuilder b(loop);
    Type ptr = LLVM::LLVMPointerType::get(b.getContext());
    Value context;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&parent.getBody().front());
      Value size = LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                            b.getI64IntegerAttr(numSlots));
      context = LLVM::AllocaOp::create(b, loc, ptr, b.getI64Type(), size);
    }
    int64_t slot = 0;
    for (Value value : captures) {
      storeCapture(b, loc, context, slot, value);
      slot += slotCount(value.getType());
    }
    Value span = arith::SubIOp::create(b, loc, loop.getUpperBound(),
                                       loop.getLowerBound());
    Value count = arith::CeilDivSIOp::create(b, loc, span, loop.getStep());
    Value bodyRef = func::ConstantOp::create(b, loc, body.getFunctionType(),
                                             SymbolRefAttr::get(body));
    Value bodyPointer =
        UnrealizedConversionCastOp::create(b, loc, ptr, bodyRef).getResult(0);
    auto voidType = LLVM::LLVMVoidType::get(b.getContext());
    auto dispatcherType =
        LLVM::LLVMFunctionType::get(voidType, {ptr, ptr, b.getI64Type()});
    LLVM::CallOp::create(
        b, loc, dispatcherType, kDispatcherName,
        ValueRange{bodyPointer, context, toI64(b, loc, count)});
    loop.erase();
    return success();
  }

private:
  /// func.func @<parent>_parallel_<n>(%ctx, %begin, %end): iterations
  /// [begin, end) of `loop`.
  func::FuncOp createBody(scf::ForOp loop, func::FuncOp parent,
                          ArrayRef<Value> captures,
                          ArrayRef<Operation *> constants) {
    MLIRContext *ctx = loop.getContext();
    Location loc = loop.getLoc();
    OpBuilder b(ctx);
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    Type i64 = b.getI64Type();
    auto type = b.getFunctionType({ptr, i64, i64}, {});
    b.setInsertionPoint(parent);
    auto body = func::FuncOp::create(
        b, loc, (parent.getName() + "_parallel").str(), type);
    body.setPrivate();
    symbols.insert(body); // uniquifies the name
    Block *entry = body.addEntryBlock();
    b.setInsertionPointToStart(entry);

    IRMapping mapping;
    for (Operation *constant : constants)
      b.clone(*constant, mapping);
    Value context = entry->getArgument(0);
    int64_t slot = 0;
    for (Value value : captures) {
      mapping.map(value, loadCapture(b, loc, context, slot, value.getType()));
      slot += slotCount(value.getType());
    }
    Value lowerBound = mapping.lookup(loop.getLowerBound());
    Value step = mapping.lookup(loop.getStep());
    Type index = b.getIndexType();
    Value begin =
        arith::IndexCastOp::create(b, loc, index, entry->getArgument(1));
    Value end =
        arith::IndexCastOp::create(b, loc, index, entry->getArgument(2));
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto iterations = scf::ForOp::create(b, loc, begin, end, one);
    b.setInsertionPointToStart(iterations.getBody());
    Value offset =
        arith::MulIOp::create(b, loc, iterations.getInductionVar(), step);
    mapping.map(loop.getInductionVar(),
                arith::AddIOp::create(b, loc, lowerBound, offset));
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, mapping);
    b.setInsertionPointToEnd(entry);
    func::ReturnOp::create(b, loc);
    return body;
  }

  ModuleOp module;
  SymbolTable symbols;
};

struct DlcOutlineParallelLoopsPass
    : dlc::impl::DlcOutlineParallelLoopsPassBase<DlcOutlineParallelLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<scf::ForOp, func::FuncOp>> loops;
    module.walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (!loop->hasAttr(kParallelMarker))
        return WalkResult::advance();
      loops.push_back({loop, loop->getParentOfType<func::FuncOp>()});
      // Only the outermost marked loop of a nest runs in parallel.
      return WalkResult::skip();
    });
    module.walk([](scf::ForOp loop) { loop->removeAttr(kParallelMarker); });
    if (loops.empty())
      return;

    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToStart(module.getBody());
    createDispatcher(b, module.getLoc());
    LoopOutliner outliner(module);
    for (auto [loop, parent] : loops)
      (void)outliner.outline(loop, parent);
  }
};
} // namespace
