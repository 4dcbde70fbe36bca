//===- MapElementwiseToGPU.cpp - a thread per output or 16 bytes ----------===//

#include "GPUKernelMapping.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;
using namespace dlc::gpu_mapping;

namespace {
/// `value` as a vector of `lanes`, broadcast if it is a scalar.
Value asVector(OpBuilder &b, Location loc, Value value, int64_t lanes) {
  if (isa<VectorType>(value.getType()))
    return value;
  return vector::BroadcastOp::create(
      b, loc, VectorType::get({lanes}, value.getType()), value);
}
} // namespace

namespace dlc::gpu_mapping {

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

} // namespace dlc::gpu_mapping
