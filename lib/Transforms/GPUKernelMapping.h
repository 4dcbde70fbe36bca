//===- GPUKernelMapping.h - the pieces of dlc-map-kernels-to-gpu -*- C++
//-*-===//
//
// dlc-map-kernels-to-gpu builds one gpu.launch per buffer op, in the kernel
// shape chosen for it; each shape lives in its own file:
//  - GPULaunches.cpp: launches and operand access through indexing maps;
//  - MapElementwiseToGPU.cpp: a thread per output element, or per 16 bytes;
//  - MapReductionsToGPU.cpp: a block per output element;
//  - GPUMatmulLaunch.cpp: matmul launches and workgroup staging, shared by
//    MapMatmulToGPU.cpp (CUDA cores) and MapTensorCoreMatmulToGPU.cpp (WMMA);
//  - MapKernelsToGPU.cpp: the pass, choosing the shape per op.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_TRANSFORMS_GPUKERNELMAPPING_H
#define DLC_LIB_TRANSFORMS_GPUKERNELMAPPING_H

#include "dlc/Transforms/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/ADT/TypeSwitch.h"

namespace dlc::gpu_mapping {
using namespace mlir;

/// Threads along each side of a matmul block; each computes a
/// (tile/kMatmulThreads)^2 register tile.
constexpr int64_t kMatmulThreads = 16;
/// Depth of the A and B tiles staged in workgroup memory.
constexpr int64_t kMatmulTileK = 16;
/// C tile of a tensor-core block.
constexpr int64_t kTensorCoreTile = 64;

// GPULaunches.cpp

Value indexConstant(OpBuilder &b, Location loc, int64_t value);

int64_t product(ArrayRef<int64_t> sizes);

/// The multi-index of `linear` in a row-major space of `sizes`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> sizes);

/// Creates a launch of `grid` x `block` threads (x, y, z) and sets the
/// builder to the start of its body, which ends in gpu.terminator.
gpu::LaunchOp createLaunch(OpBuilder &b, Location loc,
                           std::array<int64_t, 3> grid,
                           std::array<int64_t, 3> block,
                           TypeRange workgroup = {}, TypeRange priv = {});

/// Launches `total` threads in 1-D blocks of up to `blockSize` and sets the
/// builder inside the launch (inside a guard if the last block is partial);
/// returns the thread's linear index.
Value createLinearLaunch(OpBuilder &b, Location loc, int64_t total,
                         int64_t blockSize);

/// Indices of `operand` at iteration point `iv` (one index per loop).
SmallVector<Value> operandIndices(OpBuilder &b, Location loc, AffineMap map,
                                  ValueRange iv);

/// The value operand `operand` of `op` holds at iteration point `iv`.
Value loadOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, ValueRange iv);

void storeOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, Value value, ValueRange iv);

/// Clones `op`'s payload with its block arguments bound to `args`; returns
/// the yielded values. `contract` lets float ops fuse (multiply-add into
/// fma), as CUDA compilers do by default.
SmallVector<Value> clonePayload(OpBuilder &b, linalg::LinalgOp op,
                                ValueRange args, bool contract = false);

bool hasStaticLoops(linalg::LinalgOp op);

// MapElementwiseToGPU.cpp

/// Each thread takes one point of the parallel iteration space and runs the
/// op's reduction loops (if any) for it, as a 1-sized tile of the op.
LogicalResult mapThreadPerOutput(RewriterBase &rewriter, linalg::LinalgOp op,
                                 int64_t blockSize);

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
                                   SmallVectorImpl<VectorAccess> &accesses);

/// Each thread computes `lanes` consecutive outputs along the innermost
/// loop with 16-byte vector loads and stores (ld.global.v4.f32 for f32):
/// consecutive threads still touch consecutive memory.
void mapVectorThreadPerOutput(RewriterBase &rewriter, linalg::LinalgOp op,
                              int64_t lanes, ArrayRef<VectorAccess> accesses,
                              int64_t blockSize);

// MapReductionsToGPU.cpp

/// Recognizes `out = combine(f(ins), out)` over at least `minLength`
/// reduced elements into at most 2^31 - 1 outputs, with a combiner
/// gpu.all_reduce supports; returns the combiner.
Operation *matchBlockReduction(linalg::LinalgOp op, int64_t minLength);

/// A block per output point: threads stride over the reduction, then the
/// block combines the partial results and thread 0 folds in the old value.
LogicalResult mapBlockPerOutput(RewriterBase &rewriter, linalg::LinalgOp op,
                                Operation *combiner, int64_t blockSize);

// GPUMatmulLaunch.cpp

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
std::optional<MatmulDims> matchMatmul(linalg::LinalgOp op);

/// Sets the loops `dims` (of `sizes`) of `iv` to the multi-index of
/// `linear`; loops of size 1 stay 0.
void setLinearIndex(OpBuilder &b, Location loc, SmallVectorImpl<Value> &iv,
                    ArrayRef<unsigned> dims, ArrayRef<int64_t> sizes,
                    Value linear);

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
                                TypeRange workgroup);

/// `load()` where `inBounds` holds, else `fallback`.
Value loadIf(OpBuilder &b, Location loc, Value inBounds,
             function_ref<Value()> load, Value fallback);

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

// MapMatmulToGPU.cpp

/// C[b] += A[b] * B[b] with a (tile x tile) block of C per thread block of
/// 16x16 threads. Each step stages a (tile x 16) slice of A and a (16 x tile)
/// slice of B in workgroup memory (zero-padded at the edges), then every
/// thread accumulates its (tile/16)^2 outputs in private memory. Thread
/// (tx, ty) owns rows ty + 16i and columns tx + 16j: a warp's loads from
/// workgroup memory are broadcasts or consecutive, and its stores to C
/// coalesce along n.
LogicalResult mapTiledMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                             const MatmulDims &dims, int64_t tile);

// MapTensorCoreMatmulToGPU.cpp

/// What f32 contractions compute with.
enum class MatmulPrecision { F32, TF32, F16 };

/// f32, tf32 or f16; none for another name.
std::optional<MatmulPrecision> parseMatmulPrecision(StringRef name);

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
                                  MatmulPrecision precision);

} // namespace dlc::gpu_mapping

#endif // DLC_LIB_TRANSFORMS_GPUKERNELMAPPING_H
