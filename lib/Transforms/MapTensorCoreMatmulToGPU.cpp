//===- MapTensorCoreMatmulToGPU.cpp - matmul on tensor cores --------------===//

#include "GPUKernelMapping.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dlc::gpu_mapping;

namespace {
/// C tile of a tensor-core block; its 2 x 2 warps each own a 32x32 quarter,
/// 2 x 2 fragments of 16x16.
constexpr int64_t kTensorCoreWarps = 4;
constexpr int64_t kWarpSize = 32;
constexpr int64_t kFragment = 16;
/// Padding of every workgroup row: rows stay multiples of 16 bytes (WMMA's
/// stride rule) and fragment rows land on different banks.
constexpr int64_t kRowPaddingBytes = 16;
} // namespace

namespace dlc::gpu_mapping {

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

} // namespace dlc::gpu_mapping
