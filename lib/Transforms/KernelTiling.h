//===- KernelTiling.h - the pieces of dlc-tile-and-vectorize ---*- C++ -*-===//
//
// dlc-tile-and-vectorize applies each op's #dlc.lowering_config; its
// mechanisms live one family per file:
//  - KernelTiling.cpp: tiling an op by sizes, rows and inner reductions;
//  - ContractionTiling.cpp: BLIS-style cache blocks, B panels, register
//    tiles;
//  - AccumulatorInitializers.cpp: a contraction's fill or bias computed per
//    tile instead of as a pass of its own;
//  - DirectConvolutionTiling.cpp: register tiles of a convolution's output
//    rows, without im2col;
//  - PrepareKernelTiling.cpp: constant pads, shared fills and initializers
//    arranged before tiling;
//  - TileAndVectorize.cpp: the pass, peeling and vectorization.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_TRANSFORMS_KERNELTILING_H
#define DLC_LIB_TRANSFORMS_KERNELTILING_H

#include "dlc/Transforms/Passes.h"

#include "mlir/Interfaces/LoopLikeInterface.h"

namespace dlc::tiling {

/// Loops created here; peeled so that every tile has a static shape.
inline constexpr llvm::StringLiteral kPeelMarker = "dlc.peel";
/// Tiles to vectorize once their shapes are static.
inline constexpr llvm::StringLiteral kVectorizeMarker = "dlc.vectorize";
/// The loop that dlc-outline-parallel-loops runs on the thread pool.
inline constexpr llvm::StringLiteral kParallelMarker = "dlc.parallel";
/// A contraction's accumulator initializer (a fill or broadcast bias) that
/// is to be computed per register tile.
inline constexpr llvm::StringLiteral kInitMarker = "dlc.accumulator_init";
/// Marks a contraction's cache block until its register tiles are formed.
inline constexpr llvm::StringLiteral kBlockMarker = "dlc.block";
/// Marks the loop over a contraction's Mc row blocks.
inline constexpr llvm::StringLiteral kRowBlocksMarker = "dlc.row_blocks";

/// Below this many multiply-adds (contractions) or elements (others), a
/// kernel is not worth waking the thread pool for (measured on MobileNetV2's
/// 7x7 and 14x14 layers: 4x lower than this made 2 threads 3-4% faster, 16x
/// lower no better).
inline constexpr int64_t kMinParallelContractionWork = 1 << 16;
inline constexpr int64_t kMinParallelElementwiseWork = 1 << 13;

/// The configuration dlc-select-lowering chose for `op`, or null.
inline graph::LoweringConfigAttr configOf(mlir::Operation *op) {
  return op->getAttrOfType<graph::LoweringConfigAttr>(kLoweringConfigAttrName);
}

inline int64_t product(llvm::ArrayRef<int64_t> values) {
  int64_t result = 1;
  for (int64_t v : values)
    result *= v;
  return result;
}

/// A tile size that makes no loop when it covers the whole dimension.
inline int64_t clampTile(int64_t size, int64_t extent) {
  return size >= extent ? 0 : size;
}

struct TiledOp {
  mlir::linalg::LinalgOp op;
  /// Outermost first.
  llvm::SmallVector<mlir::LoopLikeOpInterface> loops;
};

// KernelTiling.cpp

/// The contraction dims of `op` when it has m, n and k loops (a matmul,
/// batch matmul or im2col'd convolution), else none.
std::optional<mlir::linalg::ContractionDimensions>
contractionDims(mlir::linalg::LinalgOp op);

/// Tiles `op` by `sizes` (0 leaves a loop untiled), loops ordered by
/// `interchange`, and returns the tile.
mlir::FailureOr<TiledOp> tile(mlir::RewriterBase &rewriter,
                              mlir::linalg::LinalgOp op,
                              llvm::ArrayRef<int64_t> sizes,
                              llvm::ArrayRef<int64_t> interchange);

/// Splits `op` along loop `dim` when tiles of `tileSize` would leave a
/// remainder wider than one vector of `vectorLanes` but not whole vectors;
/// none when no split is needed.
std::optional<std::pair<mlir::linalg::LinalgOp, mlir::linalg::LinalgOp>>
splitOddRemainder(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                  unsigned dim, int64_t tileSize, int64_t vectorLanes);

/// Tiles `op` by `sizes` in loop order for vectorization, the outermost
/// loop parallel if asked and worth it.
mlir::LogicalResult tileInOrder(mlir::RewriterBase &rewriter,
                                mlir::linalg::LinalgOp op,
                                llvm::ArrayRef<int64_t> sizes,
                                bool parallel = true);

/// Rows of the innermost dimension, a few vectors at a time.
mlir::LogicalResult tileRows(mlir::RewriterBase &rewriter,
                             mlir::linalg::LinalgOp op, bool parallel = true);

/// One output element per tile, the reduced extent in one vector.
mlir::LogicalResult tileInnerReduction(mlir::RewriterBase &rewriter,
                                       mlir::linalg::LinalgOp op);

// AccumulatorInitializers.cpp

/// The op initializing `op`'s accumulator (a fill or broadcast bias),
/// rebuilt first through a collapse between them and then marked; null if
/// there is none.
mlir::linalg::LinalgOp accumulatorInitializer(mlir::RewriterBase &rewriter,
                                              mlir::linalg::LinalgOp op);

/// Rebuilds a marked initializer reaching `op`'s accumulator through a
/// reshape in the reshaped type, where that is possible.
void rebuildInitializerThroughReshape(mlir::RewriterBase &rewriter,
                                      mlir::linalg::LinalgOp op);

/// Fuses the initializer of the tile's accumulator slice into the tile
/// loops; the fused ops get `marker`.
void fuseAccumulatorInitializer(mlir::RewriterBase &rewriter, TiledOp &tiles,
                                llvm::StringRef marker);

// ContractionTiling.cpp

/// BLIS-style tiling of contractions: cache blocks first (tileContraction),
/// then, once blocks have static shapes, B panels and register tiles
/// (tileRegisterTiles). Holds the constant B matrices already packed.
class ContractionTiler {
public:
  /// Tiles `op` into cache blocks, taking its initializer into them when K
  /// fits one block.
  mlir::LogicalResult
  tileContraction(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                  const mlir::linalg::ContractionDimensions &dims);
  /// Packs B panels and forms the register tiles of every block in `func`.
  void tileRegisterTiles(mlir::RewriterBase &rewriter, mlir::func::FuncOp func);

private:
  mlir::FailureOr<TiledOp>
  tileCacheBlocks(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                  const mlir::linalg::ContractionDimensions &dims);
  mlir::FailureOr<std::pair<mlir::linalg::LinalgOp, mlir::linalg::LinalgOp>>
  packRhsPanels(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp block);
  mlir::Value sliceOfPackedConstant(mlir::RewriterBase &rewriter,
                                    mlir::Value rhs, int64_t panels, int64_t k,
                                    int64_t nr);
  mlir::LogicalResult tileRegisters(mlir::RewriterBase &rewriter,
                                    mlir::linalg::LinalgOp op, bool parallel);

  /// Constant B matrices packed into panels, by their constant op and the
  /// panel width.
  llvm::DenseMap<std::pair<mlir::Operation *, int64_t>, mlir::Value>
      packedConstants;
};

// DirectConvolutionTiling.cpp

/// Register tiles of output channels x columns of one output row over
/// loops (f, oh, ow, c, kh, kw), accumulating over (c, kh, kw).
mlir::LogicalResult tileDirectConvolution(mlir::RewriterBase &rewriter,
                                          mlir::linalg::LinalgOp op);

/// Reshapes a direct convolution's register tile into a matmul tile; false
/// if the tile is not of that shape.
bool prepareDirectConvolutionTile(mlir::RewriterBase &rewriter,
                                  mlir::linalg::LinalgOp op);

// PrepareKernelTiling.cpp

/// One fill per use of a fill shared as several ops' accumulator.
void duplicateSharedFills(mlir::RewriterBase &rewriter,
                          mlir::func::FuncOp func);
/// Constant pads as a fill and a copy (or the producer writing in place).
void decomposeConstantPads(mlir::RewriterBase &rewriter,
                           mlir::func::FuncOp func);
/// Accumulator initializers moved to right before their contractions.
void sinkAccumulatorInitializers(mlir::func::FuncOp func);

} // namespace dlc::tiling

#endif // DLC_LIB_TRANSFORMS_KERNELTILING_H
