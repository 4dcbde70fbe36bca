//===- MapMatmulToGPU.cpp - tiled matmul on CUDA cores --------------------===//

#include "GPUKernelMapping.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace dlc::gpu_mapping;

namespace dlc::gpu_mapping {

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

} // namespace dlc::gpu_mapping
