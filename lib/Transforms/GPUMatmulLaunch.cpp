//===- GPUMatmulLaunch.cpp - matmul launches and staging ------------------===//

#include "GPUKernelMapping.h"

using namespace mlir;
using namespace dlc::gpu_mapping;

namespace dlc::gpu_mapping {

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

} // namespace dlc::gpu_mapping
