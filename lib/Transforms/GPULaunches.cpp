//===- GPULaunches.cpp - launches and operand access ----------------------===//

#include "GPUKernelMapping.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace dlc::gpu_mapping;

namespace dlc::gpu_mapping {

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
                           std::array<int64_t, 3> block, TypeRange workgroup,
                           TypeRange priv) {
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
                                ValueRange args, bool contract) {
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

} // namespace dlc::gpu_mapping
