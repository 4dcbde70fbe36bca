//===- MapKernelsToGPU.cpp - buffer ops to GPU kernel launches ------------===//
//
// Kernel shapes, chosen per op (see Passes.td): tiled matmul (on CUDA or
// tensor cores), block reduction, 16 bytes or one element per thread. Each
// is built directly as a gpu.launch whose body indexes the op's buffers
// through its indexing maps.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Utils/GPUUtils.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_DLCMAPKERNELSTOGPUPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Reductions at least this long get a block per output.
constexpr int64_t kBlockReductionMinLength = 128;
/// Threads along each side of a matmul block; each computes a
/// (tile/kMatmulThreads)^2 register tile.
constexpr int64_t kMatmulThreads = 16;
/// Depth of the A and B tiles staged in workgroup memory.
constexpr int64_t kMatmulTileK = 16;

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

int64_t product(ArrayRef<int64_t> sizes) {
  int64_t result = 1;
  for (int64_t size : sizes)
    result *= size;
  return result;
}

/// The multi-index of `linear` in a row-major space of `sizes`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> sizes) {
  if (sizes.empty())
    return {};
  if (sizes.size() == 1)
    return {linear};
  return affine::AffineDelinearizeIndexOp::create(b, loc, linear, sizes)
      ->getResults();
}

/// Creates a launch of `grid` x `block` threads (x, y, z) and sets the
/// builder to the start of its body, which ends in gpu.terminator.
gpu::LaunchOp createLaunch(OpBuilder &b, Location loc,
                           std::array<int64_t, 3> grid,
                           std::array<int64_t, 3> block,
                           TypeRange workgroup = {}, TypeRange priv = {}) {
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  auto launch = gpu::LaunchOp::create(
      b, loc, c(grid[0]), c(grid[1]), c(grid[2]), c(block[0]), c(block[1]),
      c(block[2]), /*dynamicSharedMemorySize=*/nullptr,
      /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{}, workgroup, priv);
  Block &body = launch.getBody().front();
  b.setInsertionPointToEnd(&body);
  gpu::TerminatorOp::create(b, loc);
  b.setInsertionPointToStart(&body);
  return launch;
}

/// Launches `total` threads in 1-D blocks of up to `blockSize` and sets the
/// builder inside the launch (inside a guard if the last block is partial);
/// returns the thread's linear index.
Value createLinearLaunch(OpBuilder &b, Location loc, int64_t total,
                         int64_t blockSize) {
  int64_t threads = std::min(blockSize, total);
  int64_t blocks = static_cast<int64_t>(llvm::divideCeil(total, threads));
  gpu::LaunchOp launch = createLaunch(b, loc, {blocks, 1, 1}, {threads, 1, 1});
  Value linear = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                            indexConstant(b, loc, threads)),
      launch.getThreadIds().x);
  if (total % threads != 0) {
    Value inBounds =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, linear,
                              indexConstant(b, loc, total));
    auto guard = scf::IfOp::create(b, loc, inBounds);
    b.setInsertionPointToStart(&guard.getThenRegion().front());
  }
  return linear;
}

/// Indices of `operand` at iteration point `iv` (one index per loop).
SmallVector<Value> operandIndices(OpBuilder &b, Location loc, AffineMap map,
                                  ValueRange iv) {
  SmallVector<Value> indices;
  for (unsigned r = 0; r < map.getNumResults(); ++r) {
    AffineExpr expr = map.getResult(r);
    if (auto dim = dyn_cast<AffineDimExpr>(expr))
      indices.push_back(iv[dim.getPosition()]);
    else
      indices.push_back(
          affine::AffineApplyOp::create(b, loc, map.getSubMap({r}), iv));
  }
  return indices;
}

/// The value operand `operand` of `op` holds at iteration point `iv`.
Value loadOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, ValueRange iv) {
  Value source = operand.get();
  if (!isa<MemRefType>(source.getType()))
    return source; // a scalar operand
  return memref::LoadOp::create(
      b, loc, source,
      operandIndices(b, loc, op.getMatchingIndexingMap(&operand), iv));
}

void storeOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, Value value, ValueRange iv) {
  memref::StoreOp::create(
      b, loc, value, operand.get(),
      operandIndices(b, loc, op.getMatchingIndexingMap(&operand), iv));
}

/// Clones `op`'s payload with its block arguments bound to `args`; returns
/// the yielded values. `contract` lets float ops fuse (multiply-add into
/// fma), as CUDA compilers do by default.
SmallVector<Value> clonePayload(OpBuilder &b, linalg::LinalgOp op,
                                ValueRange args, bool contract = false) {
  Block *payload = op.getBlock();
  IRMapping mapping;
  mapping.map(payload->getArguments(), args);
  for (Operation &inner : payload->without_terminator()) {
    Operation *clone = b.clone(inner, mapping);
    if (auto fastMath = dyn_cast<arith::ArithFastMathInterface>(clone);
        contract && fastMath)
      clone->setAttr(fastMath.getFastMathAttrName(),
                     arith::FastMathFlagsAttr::get(
                         b.getContext(), arith::FastMathFlags::contract));
  }
  SmallVector<Value> results;
  for (Value yielded : payload->getTerminator()->getOperands())
    results.push_back(mapping.lookupOrDefault(yielded));
  return results;
}

bool hasStaticLoops(linalg::LinalgOp op) {
  return llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic);
}

//===----------------------------------------------------------------------===//
// One thread per output element
//===----------------------------------------------------------------------===//

/// Each thread takes one point of the parallel iteration space and runs the
/// op's reduction loops (if any) for it, as a 1-sized tile of the op.
LogicalResult mapThreadPerOutput(RewriterBase &rewriter, linalg::LinalgOp op,
                                 int64_t blockSize) {
  Location loc = op.getLoc();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> parallelSizes;
  for (auto [dim, type] : llvm::enumerate(op.getIteratorTypesArray()))
    if (linalg::isParallelIterator(type))
      parallelSizes.push_back(ranges[dim]);
  int64_t total = product(parallelSizes);
  if (total == 0) {
    rewriter.eraseOp(op);
    return success();
  }
  rewriter.setInsertionPoint(op);
  Value linear = createLinearLaunch(rewriter, loc, total, blockSize);
  SmallVector<Value> parallelIds =
      delinearize(rewriter, loc, linear, parallelSizes);

  // The tile: this thread's parallel point, every reduction index.
  SmallVector<OpFoldResult> offsets, sizes;
  unsigned next = 0;
  for (auto [dim, type] : llvm::enumerate(op.getIteratorTypesArray())) {
    if (linalg::isParallelIterator(type)) {
      offsets.push_back(parallelIds[next++]);
      sizes.push_back(rewriter.getIndexAttr(1));
    } else {
      offsets.push_back(rewriter.getIndexAttr(0));
      sizes.push_back(rewriter.getIndexAttr(ranges[dim]));
    }
  }
  FailureOr<TilingResult> tile =
      cast<TilingInterface>(op.getOperation())
          .getTiledImplementation(rewriter, offsets, sizes);
  if (failed(tile) || tile->tiledOps.size() != 1)
    return op.emitError("cannot take a one-element tile for a GPU thread");
  auto tiled = cast<linalg::LinalgOp>(tile->tiledOps.front());
  if (failed(linalg::linalgOpToLoops(rewriter, tiled)))
    return op.emitError("cannot lower to loops inside a GPU thread");
  rewriter.eraseOp(tiled);
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// One thread per 16 bytes of output (vectorized elementwise ops)
//===----------------------------------------------------------------------===//

/// How a vectorized thread reads an operand: a vector along the innermost
/// loop, or one element broadcast (the operand does not vary along it).
enum class VectorAccess { Contiguous, Broadcast };

/// Lanes per thread (16 bytes of the widest element) if every thread of `op`
/// can read and write whole aligned vectors along its innermost loop: an
/// elementwise op whose operands either walk that loop with unit stride
/// (offsets and outer strides multiples of the lanes, so vectors stay
/// 16-byte aligned in buffers that gpu.alloc aligns) or do not depend on
/// it, and whose payload is elementwise arith/math.
std::optional<int64_t> vectorLanes(linalg::LinalgOp op,
                                   SmallVectorImpl<VectorAccess> &accesses) {
  if (op.getNumReductionLoops() != 0 || op.hasIndexSemantics() ||
      op.getNumLoops() == 0)
    return std::nullopt;
  unsigned inner = op.getNumLoops() - 1;
  unsigned widest = 0;
  for (OpOperand &operand : op->getOpOperands()) {
    Type element = getElementTypeOrSelf(operand.get().getType());
    if (!element.isIntOrFloat())
      return std::nullopt;
    unsigned bits = element.getIntOrFloatBitWidth();
    if (bits < 8 || !llvm::isPowerOf2_32(bits))
      return std::nullopt;
    widest = std::max(widest, bits);
  }
  int64_t lanes = 128 / widest;
  if (lanes < 2 || op.getStaticLoopRanges()[inner] % lanes != 0)
    return std::nullopt;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type) {
      if (op.isDpsInit(&operand))
        return std::nullopt;
      accesses.push_back(VectorAccess::Broadcast); // a scalar (a fill value)
      continue;
    }
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (!map.isFunctionOfDim(inner)) {
      if (op.isDpsInit(&operand))
        return std::nullopt;
      accesses.push_back(VectorAccess::Broadcast);
      continue;
    }
    auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
    if (!last || last.getPosition() != inner ||
        llvm::any_of(map.getResults().drop_back(), [&](AffineExpr expr) {
          return expr.isFunctionOfDim(inner);
        }))
      return std::nullopt;
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(type.getStridesAndOffset(strides, offset)) ||
        ShapedType::isDynamic(offset) || offset % lanes != 0 ||
        strides.back() != 1 ||
        llvm::any_of(ArrayRef(strides).drop_back(), [&](int64_t stride) {
          return ShapedType::isDynamic(stride) || stride % lanes != 0;
        }))
      return std::nullopt;
    accesses.push_back(VectorAccess::Contiguous);
  }
  for (Operation &inner : op.getBlock()->without_terminator())
    if (inner.getNumRegions() != 0 ||
        !(inner.hasTrait<OpTrait::Elementwise>() ||
          inner.hasTrait<OpTrait::ConstantLike>()) ||
        llvm::any_of(inner.getResultTypes(),
                     [](Type type) { return !type.isIntOrFloat(); }))
      return std::nullopt;
  return lanes;
}

/// `value` as a vector of `lanes`, broadcast if it is a scalar.
Value asVector(OpBuilder &b, Location loc, Value value, int64_t lanes) {
  if (isa<VectorType>(value.getType()))
    return value;
  return vector::BroadcastOp::create(
      b, loc, VectorType::get({lanes}, value.getType()), value);
}

/// Each thread computes `lanes` consecutive outputs along the innermost
/// loop with 16-byte vector loads and stores (ld.global.v4.f32 for f32):
/// consecutive threads still touch consecutive memory.
void mapVectorThreadPerOutput(RewriterBase &rewriter, linalg::LinalgOp op,
                              int64_t lanes, ArrayRef<VectorAccess> accesses,
                              int64_t blockSize) {
  Location loc = op.getLoc();
  SmallVector<int64_t> vectorSizes = op.getStaticLoopRanges();
  vectorSizes.back() /= lanes;
  int64_t total = product(vectorSizes);
  rewriter.setInsertionPoint(op);
  Value linear = createLinearLaunch(rewriter, loc, total, blockSize);
  SmallVector<Value> iv = delinearize(rewriter, loc, linear, vectorSizes);
  iv.back() = arith::MulIOp::create(rewriter, loc, iv.back(),
                                    indexConstant(rewriter, loc, lanes));

  auto vectorOf = [&](Value memref) {
    return VectorType::get({lanes}, getElementTypeOrSelf(memref.getType()));
  };
  auto alignment = [&](Value memref) {
    return llvm::MaybeAlign(
        lanes * getElementTypeOrSelf(memref.getType()).getIntOrFloatBitWidth() /
        8);
  };
  // Operands the payload reads (an output's old value usually is not).
  Block *payload = op.getBlock();
  IRMapping mapping;
  for (auto [operand, access] : llvm::zip(op->getOpOperands(), accesses)) {
    BlockArgument arg = op.getMatchingBlockArgument(&operand);
    Value source = operand.get();
    if (arg.use_empty())
      continue;
    if (!isa<MemRefType>(source.getType())) {
      mapping.map(arg, source);
      continue;
    }
    SmallVector<Value> indices =
        operandIndices(rewriter, loc, op.getMatchingIndexingMap(&operand), iv);
    if (access == VectorAccess::Broadcast)
      mapping.map(arg, memref::LoadOp::create(rewriter, loc, source, indices));
    else
      mapping.map(arg, vector::LoadOp::create(
                           rewriter, loc, vectorOf(source), source, indices,
                           /*nontemporal=*/false, alignment(source)));
  }

  // The payload on vectors: scalars (constants, broadcast operands) are
  // broadcast where a vector op uses them.
  for (Operation &inner : payload->without_terminator()) {
    if (inner.hasTrait<OpTrait::ConstantLike>()) {
      rewriter.clone(inner, mapping);
      continue;
    }
    OperationState state(inner.getLoc(), inner.getName());
    for (Value operand : inner.getOperands())
      state.addOperands(
          asVector(rewriter, loc, mapping.lookupOrDefault(operand), lanes));
    for (Type type : inner.getResultTypes())
      state.addTypes(VectorType::get({lanes}, type));
    state.addAttributes(inner.getAttrs());
    Operation *vectorized = rewriter.create(state);
    mapping.map(inner.getResults(), vectorized->getResults());
  }
  for (auto [yielded, init] : llvm::zip(payload->getTerminator()->getOperands(),
                                        op.getDpsInitsMutable())) {
    Value value =
        asVector(rewriter, loc, mapping.lookupOrDefault(yielded), lanes);
    Value memref = init.get();
    vector::StoreOp::create(
        rewriter, loc, value, memref,
        operandIndices(rewriter, loc, op.getMatchingIndexingMap(&init), iv),
        /*nontemporal=*/false, alignment(memref));
  }
  rewriter.eraseOp(op);
}

//===----------------------------------------------------------------------===//
// One block per output element
//===----------------------------------------------------------------------===//

std::optional<gpu::AllReduceOperation> allReduceKind(Operation *combiner) {
  return llvm::TypeSwitch<Operation *, std::optional<gpu::AllReduceOperation>>(
             combiner)
      .Case([](arith::AddFOp) { return gpu::AllReduceOperation::ADD; })
      .Case([](arith::AddIOp) { return gpu::AllReduceOperation::ADD; })
      .Case([](arith::MulFOp) { return gpu::AllReduceOperation::MUL; })
      .Case([](arith::MaximumFOp) { return gpu::AllReduceOperation::MAXIMUMF; })
      .Case([](arith::MinimumFOp) { return gpu::AllReduceOperation::MINIMUMF; })
      .Case([](arith::MaxNumFOp) { return gpu::AllReduceOperation::MAXNUMF; })
      .Case([](arith::MinNumFOp) { return gpu::AllReduceOperation::MINNUMF; })
      .Case([](arith::MaxSIOp) { return gpu::AllReduceOperation::MAXSI; })
      .Case([](arith::MinSIOp) { return gpu::AllReduceOperation::MINSI; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The neutral element of a reduction kind.
Value identityValue(OpBuilder &b, Location loc, gpu::AllReduceOperation kind,
                    Type type) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    const llvm::fltSemantics &sem = floatType.getFloatSemantics();
    APFloat value = APFloat::getZero(sem);
    switch (kind) {
    case gpu::AllReduceOperation::MUL:
      value = APFloat::getOne(sem);
      break;
    case gpu::AllReduceOperation::MAXIMUMF:
    case gpu::AllReduceOperation::MAXNUMF:
      value = APFloat::getInf(sem, /*Negative=*/true);
      break;
    case gpu::AllReduceOperation::MINIMUMF:
    case gpu::AllReduceOperation::MINNUMF:
      value = APFloat::getInf(sem);
      break;
    default:
      break;
    }
    return arith::ConstantFloatOp::create(b, loc, floatType, value);
  }
  auto intType = cast<IntegerType>(type);
  unsigned width = intType.getWidth();
  APInt value = APInt::getZero(width);
  if (kind == gpu::AllReduceOperation::MAXSI)
    value = APInt::getSignedMinValue(width);
  else if (kind == gpu::AllReduceOperation::MINSI)
    value = APInt::getSignedMaxValue(width);
  return arith::ConstantIntOp::create(b, loc, intType, value);
}

/// Recognizes `out = combine(f(ins), out)` with a combiner gpu.all_reduce
/// supports; returns the combiner.
Operation *matchBlockReduction(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0 ||
      !op.hasPureBufferSemantics() || !hasStaticLoops(op) ||
      !op.getBlock()->getOps<linalg::IndexOp>().empty())
    return nullptr;
  int64_t reductionLength = 1;
  for (auto [dim, type] : llvm::enumerate(op.getIteratorTypesArray()))
    if (!linalg::isParallelIterator(type))
      reductionLength *= op.getStaticLoopRanges()[dim];
  if (reductionLength < kBlockReductionMinLength)
    return nullptr;
  SmallVector<Operation *> combiners;
  if (!matchReduction(op.getRegionOutputArgs(), 0, combiners) ||
      combiners.size() != 1 || !allReduceKind(combiners.front()))
    return nullptr;
  Type type = combiners.front()->getResult(0).getType();
  // Warp shuffles move 32-bit values.
  if (!type.isF32() && !type.isInteger(32))
    return nullptr;
  return combiners.front();
}

/// A block per output point: threads stride over the reduction, then the
/// block combines the partial results and thread 0 folds in the old value.
LogicalResult mapBlockPerOutput(RewriterBase &rewriter, linalg::LinalgOp op,
                                Operation *combiner, int64_t blockSize) {
  Location loc = op.getLoc();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> parallelSizes, reductionSizes;
  for (auto [dim, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (linalg::isParallelIterator(type) ? parallelSizes : reductionSizes)
        .push_back(ranges[dim]);
  int64_t outputs = product(parallelSizes);
  int64_t length = product(reductionSizes);
  // The grid's x dimension holds up to 2^31 - 1 blocks.
  if (outputs == 0 || outputs >= (int64_t(1) << 31))
    return failure();
  gpu::AllReduceOperation kind = *allReduceKind(combiner);
  Type type = combiner->getResult(0).getType();

  rewriter.setInsertionPoint(op);
  gpu::LaunchOp launch =
      createLaunch(rewriter, loc, {outputs, 1, 1}, {blockSize, 1, 1});
  Value blockId = launch.getBlockIds().x;
  Value threadId = launch.getThreadIds().x;
  SmallVector<Value> parallelIds =
      delinearize(rewriter, loc, blockId, parallelSizes);

  // Partial result of this thread: elements threadId, threadId + blockSize...
  Value identity = identityValue(rewriter, loc, kind, type);
  auto loop = scf::ForOp::create(
      rewriter, loc, threadId, indexConstant(rewriter, loc, length),
      indexConstant(rewriter, loc, blockSize), ValueRange{identity});
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(loop.getBody());
    SmallVector<Value> reductionIds =
        delinearize(rewriter, loc, loop.getInductionVar(), reductionSizes);
    SmallVector<Value> iv;
    unsigned p = 0, q = 0;
    for (auto type : op.getIteratorTypesArray())
      iv.push_back(linalg::isParallelIterator(type) ? parallelIds[p++]
                                                    : reductionIds[q++]);
    SmallVector<Value> args;
    for (OpOperand *input : op.getDpsInputOperands())
      args.push_back(loadOperand(rewriter, loc, op, *input, iv));
    args.push_back(loop.getRegionIterArg(0));
    scf::YieldOp::create(rewriter, loc, clonePayload(rewriter, op, args));
  }
  Value total = gpu::AllReduceOp::create(
      rewriter, loc, loop.getResult(0),
      gpu::AllReduceOperationAttr::get(rewriter.getContext(), kind),
      /*uniform=*/true);
  Value isFirst =
      arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq, threadId,
                            indexConstant(rewriter, loc, 0));
  auto ifFirst = scf::IfOp::create(rewriter, loc, isFirst);
  rewriter.setInsertionPointToStart(&ifFirst.getThenRegion().front());
  // Linalg accumulates into the output's old value.
  OpOperand &init = *op.getDpsInitOperand(0);
  SmallVector<Value> outIndices;
  {
    SmallVector<Value> iv;
    unsigned p = 0;
    Value zero = indexConstant(rewriter, loc, 0);
    for (auto type : op.getIteratorTypesArray())
      iv.push_back(linalg::isParallelIterator(type) ? parallelIds[p++] : zero);
    Value old = loadOperand(rewriter, loc, op, init, iv);
    IRMapping mapping;
    BlockArgument outArg = op.getMatchingBlockArgument(&init);
    for (Value operand : combiner->getOperands())
      mapping.map(operand, operand == outArg ? old : total);
    Value result = rewriter.clone(*combiner, mapping)->getResult(0);
    storeOperand(rewriter, loc, op, init, result, iv);
  }
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// Tiled matmul
//===----------------------------------------------------------------------===//

/// The loops of a contraction C[b, m..., n...] += A[b, m..., k] * B[b, k,
/// n...]: several m (or n) loops are one row (column) index, linearized in
/// loop order (a Linear layer on [1, 128, 768] has m loops of 1 and 128).
struct MatmulDims {
  SmallVector<unsigned> batch, m, n;
  unsigned k;
  SmallVector<int64_t> mSizes, nSizes;
  int64_t sizeM, sizeN, sizeK;
};

/// A contraction with one k loop and static sizes over f32 whose payload is
/// a multiply-add.
std::optional<MatmulDims> matchMatmul(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || !hasStaticLoops(op) ||
      !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  for (OpOperand &operand : op->getOpOperands())
    if (!getElementTypeOrSelf(operand.get().getType()).isF32())
      return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.size() != 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  MatmulDims result;
  result.batch.assign(dims->batch.begin(), dims->batch.end());
  result.m.assign(dims->m.begin(), dims->m.end());
  result.n.assign(dims->n.begin(), dims->n.end());
  result.k = dims->k.front();
  for (unsigned dim : result.m)
    result.mSizes.push_back(ranges[dim]);
  for (unsigned dim : result.n)
    result.nSizes.push_back(ranges[dim]);
  result.sizeM = product(result.mSizes);
  result.sizeN = product(result.nSizes);
  result.sizeK = ranges[result.k];
  int64_t batch = 1;
  for (unsigned dim : result.batch)
    batch *= ranges[dim];
  if (batch > 65535) // grid z limit
    return std::nullopt;
  return result;
}

/// Sets the loops `dims` (of `sizes`) of `iv` to the multi-index of
/// `linear`; loops of size 1 stay 0.
void setLinearIndex(OpBuilder &b, Location loc, SmallVectorImpl<Value> &iv,
                    ArrayRef<unsigned> dims, ArrayRef<int64_t> sizes,
                    Value linear) {
  SmallVector<unsigned> varying;
  SmallVector<int64_t> varyingSizes;
  for (auto [dim, size] : llvm::zip(dims, sizes))
    if (size != 1) {
      varying.push_back(dim);
      varyingSizes.push_back(size);
    }
  for (auto [dim, index] :
       llvm::zip(varying, delinearize(b, loc, linear, varyingSizes)))
    iv[dim] = index;
}

/// A matmul kernel's launch: a grid of (N/tile, M/tile, batch) blocks; the
/// block's first row and column of C and its batch indices.
struct MatmulLaunch {
  unsigned numLoops;
  const MatmulDims &dims;
  gpu::LaunchOp launch;
  Value rowBase, colBase;
  SmallVector<Value> batchIds;

  /// The op's iteration point (batch..., m, n, k), in its loop order.
  SmallVector<Value> iterationPoint(OpBuilder &b, Location loc, Value m,
                                    Value n, Value k) const {
    SmallVector<Value> iv(numLoops, indexConstant(b, loc, 0));
    for (auto [dim, id] : llvm::zip(dims.batch, batchIds))
      iv[dim] = id;
    setLinearIndex(b, loc, iv, dims.m, dims.mSizes, m);
    setLinearIndex(b, loc, iv, dims.n, dims.nSizes, n);
    iv[dims.k] = k;
    return iv;
  }
};

MatmulLaunch createMatmulLaunch(RewriterBase &rewriter, linalg::LinalgOp op,
                                const MatmulDims &dims, int64_t tile,
                                std::array<int64_t, 3> block,
                                TypeRange workgroup) {
  Location loc = op.getLoc();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> batchSizes;
  for (unsigned dim : dims.batch)
    batchSizes.push_back(ranges[dim]);
  rewriter.setInsertionPoint(op);
  gpu::LaunchOp launch =
      createLaunch(rewriter, loc,
                   {static_cast<int64_t>(llvm::divideCeil(dims.sizeN, tile)),
                    static_cast<int64_t>(llvm::divideCeil(dims.sizeM, tile)),
                    product(batchSizes)},
                   block, workgroup);
  Value tileSize = indexConstant(rewriter, loc, tile);
  Value rowBase =
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().y, tileSize);
  Value colBase =
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x, tileSize);
  return {op.getNumLoops(),
          dims,
          launch,
          rowBase,
          colBase,
          delinearize(rewriter, loc, launch.getBlockIds().z, batchSizes)};
}

/// `load()` where `inBounds` holds, else `fallback`.
Value loadIf(OpBuilder &b, Location loc, Value inBounds,
             function_ref<Value()> load, Value fallback) {
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{fallback.getType()}, inBounds,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  scf::YieldOp::create(b, loc, load());
  b.setInsertionPointToStart(&ifOp.getElseRegion().front());
  scf::YieldOp::create(b, loc, fallback);
  return ifOp.getResult(0);
}

/// Index arithmetic for kernel bodies.
struct IndexMath {
  OpBuilder &b;
  Location loc;

  Value c(int64_t value) const { return indexConstant(b, loc, value); }
  Value add(Value x, Value y) const {
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value mul(Value x, int64_t y) const {
    return arith::MulIOp::create(b, loc, x, c(y));
  }
  Value div(Value x, int64_t y) const {
    return arith::DivUIOp::create(b, loc, x, c(y));
  }
  Value rem(Value x, int64_t y) const {
    return arith::RemUIOp::create(b, loc, x, c(y));
  }
  Value less(Value x, int64_t bound) const {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x,
                                 c(bound));
  }
  /// x < boundX and y < boundY.
  Value inBounds(Value x, int64_t boundX, Value y, int64_t boundY) const {
    return arith::AndIOp::create(b, loc, less(x, boundX), less(y, boundY));
  }
};

/// What one thread stages of a K step's slices: elements thread,
/// thread + threads, ... of the row-major (tile x tileK) A slice, as (row,
/// k), and of the (tileK x tile) B slice, as (k, column). Consecutive threads
/// take consecutive elements of a row, so global loads coalesce.
struct SliceStaging {
  SmallVector<std::pair<Value, Value>> elementsA, elementsB;

  SliceStaging(const IndexMath &idx, Value thread, int64_t threads,
               int64_t tile, int64_t tileK) {
    auto elementsOf = [&](int64_t rows, int64_t columns) {
      SmallVector<std::pair<Value, Value>> elements;
      for (int64_t s = 0; s < rows * columns / threads; ++s) {
        Value e = idx.add(idx.c(s * threads), thread);
        elements.push_back({idx.div(e, columns), idx.rem(e, columns)});
      }
      return elements;
    };
    elementsA = elementsOf(tile, tileK);
    elementsB = elementsOf(tileK, tile);
  }

  /// The A values, then the B values, of the K step at `kBase`: zeros
  /// outside the matrices, past K too.
  SmallVector<Value> load(RewriterBase &rewriter, linalg::LinalgOp op,
                          const MatmulLaunch &matmul, Value kBase,
                          Value zero) const {
    Location loc = op.getLoc();
    IndexMath idx{rewriter, loc};
    const MatmulDims &dims = matmul.dims;
    OpOperand &operandA = *op.getDpsInputOperand(0);
    OpOperand &operandB = *op.getDpsInputOperand(1);
    SmallVector<Value> values;
    for (auto [row, kk] : elementsA) {
      Value m = idx.add(matmul.rowBase, row), k = idx.add(kBase, kk);
      values.push_back(loadIf(
          rewriter, loc, idx.inBounds(m, dims.sizeM, k, dims.sizeK),
          [&] {
            return loadOperand(
                rewriter, loc, op, operandA,
                matmul.iterationPoint(rewriter, loc, m, idx.c(0), k));
          },
          zero));
    }
    for (auto [kk, col] : elementsB) {
      Value n = idx.add(matmul.colBase, col), k = idx.add(kBase, kk);
      values.push_back(loadIf(
          rewriter, loc, idx.inBounds(n, dims.sizeN, k, dims.sizeK),
          [&] {
            return loadOperand(
                rewriter, loc, op, operandB,
                matmul.iterationPoint(rewriter, loc, idx.c(0), n, k));
          },
          zero));
    }
    return values;
  }
};

/// C[b] += A[b] * B[b] with a (tile x tile) block of C per thread block of
/// 16x16 threads. Each step stages a (tile x 16) slice of A and a (16 x tile)
/// slice of B in workgroup memory (zero-padded at the edges), then every
/// thread accumulates its (tile/16)^2 outputs in private memory. Thread
/// (tx, ty) owns rows ty + 16i and columns tx + 16j: a warp's loads from
/// workgroup memory are broadcasts or consecutive, and its stores to C
/// coalesce along n.
LogicalResult mapTiledMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                             const MatmulDims &dims, int64_t tile) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  int64_t sizeM = dims.sizeM, sizeN = dims.sizeN, sizeK = dims.sizeK;
  int64_t perThread = tile / kMatmulThreads;
  Type f32 = rewriter.getF32Type();
  auto workgroup =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  // Slices are stored k-major: tileA[k][m], tileB[k][n]. tileA's rows get
  // one float of padding: its stores walk k, which would otherwise hit one
  // bank.
  auto tileTypeA =
      MemRefType::get({kMatmulTileK, tile + 1}, f32, AffineMap(), workgroup);
  auto tileTypeB =
      MemRefType::get({kMatmulTileK, tile}, f32, AffineMap(), workgroup);

  MatmulLaunch matmul = createMatmulLaunch(rewriter, op, dims, tile,
                                           {kMatmulThreads, kMatmulThreads, 1},
                                           {tileTypeA, tileTypeB});
  gpu::LaunchOp launch = matmul.launch;
  Value tileA = launch.getWorkgroupAttributions()[0];
  Value tileB = launch.getWorkgroupAttributions()[1];
  IndexMath idx{rewriter, loc};
  auto iterationPoint = [&](Value m, Value n, Value k) {
    return matmul.iterationPoint(rewriter, loc, m, n, k);
  };
  Value tx = launch.getThreadIds().x, ty = launch.getThreadIds().y;
  Value rowBase = matmul.rowBase, colBase = matmul.colBase;
  // The register tile is unrolled: element (i, j) is value i * perThread + j,
  // so it stays in registers.
  auto forEachOwned = [&](function_ref<void(int64_t, int64_t)> body) {
    for (int64_t i = 0; i < perThread; ++i)
      for (int64_t j = 0; j < perThread; ++j)
        body(i, j);
  };
  // The global (m, n) of this thread's element (i, j).
  auto ownedRow = [&](int64_t i) {
    return idx.add(rowBase, idx.add(ty, idx.c(i * kMatmulThreads)));
  };
  auto ownedCol = [&](int64_t j) {
    return idx.add(colBase, idx.add(tx, idx.c(j * kMatmulThreads)));
  };
  OpOperand &operandC = *op.getDpsInitOperand(0);
  Value zero = arith::ConstantFloatOp::create(
      rewriter, loc, cast<FloatType>(f32), APFloat(0.0f));

  // Accumulators start from C (linalg accumulates into its output).
  SmallVector<Value> accInit;
  forEachOwned([&](int64_t i, int64_t j) {
    Value m = ownedRow(i), n = ownedCol(j);
    Value inBounds = idx.inBounds(m, sizeM, n, sizeN);
    accInit.push_back(loadIf(
        rewriter, loc, inBounds,
        [&] {
          return loadOperand(rewriter, loc, op, operandC,
                             iterationPoint(m, n, idx.c(0)));
        },
        zero));
  });

  Value flatThread = idx.add(idx.mul(ty, kMatmulThreads), tx);
  int64_t threads = kMatmulThreads * kMatmulThreads;
  int64_t loadsPerThread = kMatmulTileK * tile / threads;
  SliceStaging staging(idx, flatThread, threads, tile, kMatmulTileK);
  auto loadStep = [&](Value kBase) {
    return staging.load(rewriter, op, matmul, kBase, zero);
  };
  // Slices are stored k-major.
  auto storeStep = [&](ArrayRef<Value> values) {
    for (auto [value, element] : llvm::zip(values, staging.elementsA))
      memref::StoreOp::create(rewriter, loc, value, tileA,
                              ValueRange{element.second, element.first});
    for (auto [value, element] : llvm::zip(
             values.drop_front(staging.elementsA.size()), staging.elementsB))
      memref::StoreOp::create(rewriter, loc, value, tileB,
                              ValueRange{element.first, element.second});
  };

  // Software pipelining, as in the tensor-core kernel: each step loads the
  // next step's values into registers first and stores them into the
  // slices after its products, between barriers.
  storeStep(loadStep(idx.c(0)));
  gpu::BarrierOp::create(rewriter, loc);
  auto kLoop = scf::ForOp::create(rewriter, loc, idx.c(0), idx.c(sizeK),
                                  idx.c(kMatmulTileK), accInit);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(kLoop.getBody());
    Value kBase = kLoop.getInductionVar();
    SmallVector<Value> prefetched =
        loadStep(idx.add(kBase, idx.c(kMatmulTileK)));
    auto step = scf::ForOp::create(rewriter, loc, idx.c(0), idx.c(kMatmulTileK),
                                   idx.c(1), kLoop.getRegionIterArgs());
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(step.getBody());
      Value kk = step.getInductionVar();
      SmallVector<Value> aValues, bValues, next;
      for (int64_t i = 0; i < perThread; ++i)
        aValues.push_back(memref::LoadOp::create(
            rewriter, loc, tileA,
            ValueRange{kk, idx.add(ty, idx.c(i * kMatmulThreads))}));
      for (int64_t j = 0; j < perThread; ++j)
        bValues.push_back(memref::LoadOp::create(
            rewriter, loc, tileB,
            ValueRange{kk, idx.add(tx, idx.c(j * kMatmulThreads))}));
      forEachOwned([&](int64_t i, int64_t j) {
        Value old = step.getRegionIterArgs()[i * perThread + j];
        next.push_back(clonePayload(rewriter, op, {aValues[i], bValues[j], old},
                                    /*contract=*/true)
                           .front());
      });
      scf::YieldOp::create(rewriter, loc, next);
    }
    gpu::BarrierOp::create(rewriter, loc);
    storeStep(prefetched);
    gpu::BarrierOp::create(rewriter, loc);
    scf::YieldOp::create(rewriter, loc, step.getResults());
  }

  forEachOwned([&](int64_t i, int64_t j) {
    Value m = ownedRow(i), n = ownedCol(j);
    Value inBounds = idx.inBounds(m, sizeM, n, sizeN);
    auto ifOp = scf::IfOp::create(rewriter, loc, inBounds);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&ifOp.getThenRegion().front());
    storeOperand(rewriter, loc, op, operandC,
                 kLoop.getResult(i * perThread + j),
                 iterationPoint(m, n, idx.c(0)));
  });
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// Tensor-core matmul
//===----------------------------------------------------------------------===//

/// What f32 contractions compute with.
enum class MatmulPrecision { F32, TF32, F16 };

/// C tile of a tensor-core block; its 2 x 2 warps each own a 32x32 quarter,
/// 2 x 2 fragments of 16x16.
constexpr int64_t kTensorCoreTile = 64;
constexpr int64_t kTensorCoreWarps = 4;
constexpr int64_t kWarpSize = 32;
constexpr int64_t kFragment = 16;
/// Padding of every workgroup row: rows stay multiples of 16 bytes (WMMA's
/// stride rule) and fragment rows land on different banks.
constexpr int64_t kRowPaddingBytes = 16;

/// C[b] += A[b] * B[b] on tensor cores (WMMA), a 64x64 tile of C per block
/// of four warps. A and B are staged in workgroup memory in steps of two
/// fragment depths (32 k for f16, 16 for tf32), rounded to the fragment's
/// type on the way; C goes through workgroup memory too, where the edges
/// are zero-padded and the fragments load and store whole. Products
/// accumulate in f32. Every workgroup address a fragment starts at is a
/// multiple of 32 bytes given 32-byte aligned buffers
/// (dlc-align-tensor-core-tiles).
LogicalResult mapTensorCoreMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                                  const MatmulDims &dims,
                                  MatmulPrecision precision) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  int64_t sizeM = dims.sizeM, sizeN = dims.sizeN, sizeK = dims.sizeK;
  const int64_t tile = kTensorCoreTile;
  Type f32 = rewriter.getF32Type();
  // tf32 fragments hold f32 values rounded to 10 mantissa bits.
  Type element =
      precision == MatmulPrecision::F16 ? rewriter.getF16Type() : f32;
  int64_t elementBytes = element.getIntOrFloatBitWidth() / 8;
  int64_t fragmentK = precision == MatmulPrecision::F16 ? 16 : 8;
  int64_t tileK = 2 * fragmentK;
  int64_t padding = kRowPaddingBytes / elementBytes;
  int64_t leadA = tileK + padding, leadB = tile + padding,
          leadC = tile + kRowPaddingBytes / 4;
  auto workgroup =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  auto tileTypeA =
      MemRefType::get({tile, leadA}, element, AffineMap(), workgroup);
  auto tileTypeB =
      MemRefType::get({tileK, leadB}, element, AffineMap(), workgroup);
  auto tileTypeC = MemRefType::get({tile, leadC}, f32, AffineMap(), workgroup);
  auto fragmentA =
      gpu::MMAMatrixType::get({kFragment, fragmentK}, element, "AOp");
  auto fragmentB =
      gpu::MMAMatrixType::get({fragmentK, kFragment}, element, "BOp");
  auto fragmentC = gpu::MMAMatrixType::get({kFragment, kFragment}, f32, "COp");

  int64_t threads = kTensorCoreWarps * kWarpSize;
  MatmulLaunch matmul =
      createMatmulLaunch(rewriter, op, dims, tile, {threads, 1, 1},
                         {tileTypeA, tileTypeB, tileTypeC});
  gpu::LaunchOp launch = matmul.launch;
  Value tileA = launch.getWorkgroupAttributions()[0];
  Value tileB = launch.getWorkgroupAttributions()[1];
  Value tileC = launch.getWorkgroupAttributions()[2];
  IndexMath idx{rewriter, loc};
  auto iterationPoint = [&](Value m, Value n, Value k) {
    return matmul.iterationPoint(rewriter, loc, m, n, k);
  };
  auto leadDimension = [&](int64_t lead) {
    return rewriter.getIndexAttr(lead);
  };
  // Loops in which each thread takes elements thread, thread + threads, ...
  // of a row-major (rows x columns) tile: consecutive threads walk a row, so
  // their global accesses coalesce.
  Value thread = launch.getThreadIds().x;
  auto forEachElement = [&](int64_t rows, int64_t columns,
                            function_ref<void(Value row, Value column)> body) {
    auto loop = scf::ForOp::create(rewriter, loc, idx.c(0),
                                   idx.c(rows * columns / threads), idx.c(1));
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(loop.getBody());
    Value e = idx.add(idx.mul(loop.getInductionVar(), threads), thread);
    body(idx.div(e, columns), idx.rem(e, columns));
  };
  // Warp w owns rows 32 (w / 2) and columns 32 (w % 2) of the block's tile.
  Value warp = idx.div(thread, kWarpSize);
  Value warpRow = idx.mul(idx.div(warp, 2), 2 * kFragment);
  Value warpCol = idx.mul(idx.rem(warp, 2), 2 * kFragment);
  auto fragmentRow = [&](int64_t i) {
    return idx.add(warpRow, idx.c(i * kFragment));
  };
  auto fragmentCol = [&](int64_t j) {
    return idx.add(warpCol, idx.c(j * kFragment));
  };
  OpOperand &operandC = *op.getDpsInitOperand(0);
  Value zero = arith::ConstantFloatOp::create(
      rewriter, loc, cast<FloatType>(f32), APFloat(0.0f));
  Value rowBase = matmul.rowBase, colBase = matmul.colBase;

  // Accumulators start from C (linalg accumulates into its output).
  forEachElement(tile, tile, [&](Value row, Value col) {
    Value m = idx.add(rowBase, row), n = idx.add(colBase, col);
    Value old = loadIf(
        rewriter, loc, idx.inBounds(m, sizeM, n, sizeN),
        [&] {
          return loadOperand(rewriter, loc, op, operandC,
                             iterationPoint(m, n, idx.c(0)));
        },
        zero);
    memref::StoreOp::create(rewriter, loc, old, tileC, ValueRange{row, col});
  });
  gpu::BarrierOp::create(rewriter, loc);
  SmallVector<Value> accInit;
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 2; ++j)
      accInit.push_back(gpu::SubgroupMmaLoadMatrixOp::create(
          rewriter, loc, fragmentC, tileC,
          ValueRange{fragmentRow(i), fragmentCol(j)}, leadDimension(leadC),
          /*transpose=*/nullptr));

  // An input value in the fragments' type: f16 rounds to nearest even,
  // tf32 to nearest with ties away from zero (what cuBLAS and CUTLASS do).
  auto round = [&](Value value) -> Value {
    if (precision == MatmulPrecision::F16)
      return arith::TruncFOp::create(rewriter, loc, element, value);
    Value tf32 = NVVM::ConvertFloatToTF32Op::create(
        rewriter, loc, rewriter.getI32Type(), value, NVVM::FPRoundingMode::RNA);
    return arith::BitcastOp::create(rewriter, loc, f32, tf32);
  };
  SliceStaging staging(idx, thread, threads, tile, tileK);
  auto loadStep = [&](Value kBase) {
    return staging.load(rewriter, op, matmul, kBase, zero);
  };
  // Rounded into the tiles; nothing before this uses the loaded values, so
  // a warp does not wait for its loads earlier.
  auto storeStep = [&](ArrayRef<Value> values) {
    for (auto [value, element] : llvm::zip(values, staging.elementsA))
      memref::StoreOp::create(rewriter, loc, round(value), tileA,
                              ValueRange{element.first, element.second});
    for (auto [value, element] : llvm::zip(
             values.drop_front(staging.elementsA.size()), staging.elementsB))
      memref::StoreOp::create(rewriter, loc, round(value), tileB,
                              ValueRange{element.first, element.second});
  };

  // Software pipelining: each step issues the next step's global loads
  // before its own products, so their latency hides behind the tensor
  // cores; the values wait in registers until the tiles are free.
  storeStep(loadStep(idx.c(0)));
  gpu::BarrierOp::create(rewriter, loc);
  auto kLoop = scf::ForOp::create(rewriter, loc, idx.c(0), idx.c(sizeK),
                                  idx.c(tileK), accInit);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(kLoop.getBody());
    Value kBase = kLoop.getInductionVar();
    SmallVector<Value> next = loadStep(idx.add(kBase, idx.c(tileK)));
    SmallVector<Value> acc(kLoop.getRegionIterArgs());
    for (int64_t kk = 0; kk < tileK; kk += fragmentK) {
      SmallVector<Value> a, b;
      for (int64_t i = 0; i < 2; ++i)
        a.push_back(gpu::SubgroupMmaLoadMatrixOp::create(
            rewriter, loc, fragmentA, tileA,
            ValueRange{fragmentRow(i), idx.c(kk)}, leadDimension(leadA),
            /*transpose=*/nullptr));
      for (int64_t j = 0; j < 2; ++j)
        b.push_back(gpu::SubgroupMmaLoadMatrixOp::create(
            rewriter, loc, fragmentB, tileB,
            ValueRange{idx.c(kk), fragmentCol(j)}, leadDimension(leadB),
            /*transpose=*/nullptr));
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 2; ++j)
          acc[i * 2 + j] = gpu::SubgroupMmaComputeOp::create(
              rewriter, loc, a[i], b[j], acc[i * 2 + j],
              /*a_transpose=*/nullptr, /*b_transpose=*/nullptr);
    }
    gpu::BarrierOp::create(rewriter, loc);
    storeStep(next);
    gpu::BarrierOp::create(rewriter, loc);
    scf::YieldOp::create(rewriter, loc, acc);
  }

  // Each warp stores its own quarter (which only it read), then the block
  // writes the tile's in-bounds part back.
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 2; ++j)
      gpu::SubgroupMmaStoreMatrixOp::create(
          rewriter, loc, kLoop.getResult(i * 2 + j), tileC,
          ValueRange{fragmentRow(i), fragmentCol(j)}, leadDimension(leadC),
          /*transpose=*/nullptr);
  gpu::BarrierOp::create(rewriter, loc);
  forEachElement(tile, tile, [&](Value row, Value col) {
    Value m = idx.add(rowBase, row), n = idx.add(colBase, col);
    auto ifOp =
        scf::IfOp::create(rewriter, loc, idx.inBounds(m, sizeM, n, sizeN));
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&ifOp.getThenRegion().front());
    Value result =
        memref::LoadOp::create(rewriter, loc, tileC, ValueRange{row, col});
    storeOperand(rewriter, loc, op, operandC, result,
                 iterationPoint(m, n, idx.c(0)));
  });
  rewriter.eraseOp(op);
  return success();
}

std::optional<MatmulPrecision> parseMatmulPrecision(StringRef name) {
  return llvm::StringSwitch<std::optional<MatmulPrecision>>(name)
      .Case("f32", MatmulPrecision::F32)
      .Case("tf32", MatmulPrecision::TF32)
      .Case("f16", MatmulPrecision::F16)
      .Default(std::nullopt);
}

struct DlcMapKernelsToGPUPass
    : dlc::impl::DlcMapKernelsToGPUPassBase<DlcMapKernelsToGPUPass> {
  using DlcMapKernelsToGPUPassBase::DlcMapKernelsToGPUPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (matmulTile % kMatmulThreads != 0 ||
        (kMatmulTileK * matmulTile) % (kMatmulThreads * kMatmulThreads)) {
      func.emitError("matmul-tile must be a multiple of ") << kMatmulThreads;
      return signalPassFailure();
    }
    std::optional<MatmulPrecision> precision =
        parseMatmulPrecision(matmulPrecision);
    if (!precision) {
      func.emitError("matmul-precision '")
          << matmulPrecision << "' is not one of f32, tf32, f16";
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    // Copies run as kernels too: their buffers are device memory.
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) {
      if (!copy->hasAttr(dlc::kHostCopyAttrName))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(),
                             ValueRange{copy.getSource()},
                             ValueRange{copy.getTarget()});
      rewriter.eraseOp(copy);
    }

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<gpu::LaunchOp>())
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops) {
      if (!op.hasPureBufferSemantics() || !hasStaticLoops(op)) {
        op.emitError("the CUDA target needs bufferized ops with static "
                     "shapes");
        return signalPassFailure();
      }
      std::optional<MatmulDims> dims = matchMatmul(op);
      int64_t tile =
          *precision == MatmulPrecision::F32 ? matmulTile : kTensorCoreTile;
      // Row tiles go to the grid's y, which holds at most 65535 blocks.
      if (dims &&
          static_cast<int64_t>(llvm::divideCeil(dims->sizeM, tile)) <= 65535) {
        if (failed(*precision == MatmulPrecision::F32
                       ? mapTiledMatmul(rewriter, op, *dims, matmulTile)
                       : mapTensorCoreMatmul(rewriter, op, *dims, *precision)))
          return signalPassFailure();
        continue;
      }
      if (Operation *combiner = matchBlockReduction(op))
        if (succeeded(mapBlockPerOutput(rewriter, op, combiner, blockSize)))
          continue;
      SmallVector<VectorAccess> accesses;
      if (std::optional<int64_t> lanes = vectorLanes(op, accesses)) {
        mapVectorThreadPerOutput(rewriter, op, *lanes, accesses, blockSize);
        continue;
      }
      if (failed(mapThreadPerOutput(rewriter, op, blockSize)))
        return signalPassFailure();
    }
    // Views of buffers are taken inside kernels, so kernels capture only
    // dense buffers (passed as bare pointers).
    SmallVector<gpu::LaunchOp> launches;
    func.walk([&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches)
      if (failed(sinkOperationsIntoLaunchOp(launch, [](Operation *op) {
            return isa<ViewLikeOpInterface>(op) ||
                   op->hasTrait<OpTrait::ConstantLike>();
          })))
        return signalPassFailure();
    // The host only allocates, copies and launches: its buffers are device
    // memory.
    WalkResult hostAccess = func.walk<WalkOrder::PreOrder>([](Operation *op) {
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (isa<memref::LoadOp, memref::StoreOp, vector::TransferReadOp,
              vector::TransferWriteOp, linalg::LinalgOp>(op)) {
        op->emitError("'") << op->getName()
                           << "' would access device memory from the host";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (hostAccess.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
