//===- MapReductionsToGPU.cpp - a block per output element ----------------===//

#include "GPUKernelMapping.h"

#include "mlir/Dialect/GPU/Utils/GPUUtils.h"

using namespace mlir;
using namespace dlc::gpu_mapping;

namespace {

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
} // namespace

namespace dlc::gpu_mapping {

/// Recognizes `out = combine(f(ins), out)` with a combiner gpu.all_reduce
/// supports; returns the combiner.
Operation *matchBlockReduction(linalg::LinalgOp op, int64_t minLength) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0 ||
      !op.hasPureBufferSemantics() || !hasStaticLoops(op) ||
      !op.getBlock()->getOps<linalg::IndexOp>().empty())
    return nullptr;
  int64_t reductionLength = 1, outputs = 1;
  for (auto [dim, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (linalg::isParallelIterator(type) ? outputs : reductionLength) *=
        op.getStaticLoopRanges()[dim];
  // The grid's x dimension holds up to 2^31 - 1 blocks.
  if (reductionLength < minLength || outputs == 0 ||
      outputs >= (int64_t(1) << 31))
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

} // namespace dlc::gpu_mapping
