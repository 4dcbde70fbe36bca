//===- Passes.td - dlc dialect-independent transforms ------*- tablegen -*-===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcExpandStridedCopiesPass
    : Pass<"dlc-expand-strided-copies", "::mlir::func::FuncOp"> {
  let summary = "Turn memref.copy between non-contiguous buffers into loops";
  let description = [{
    Bufferization copies into and out of subviews (padding, concatenation,
    strided slices). Contiguous copies lower to memcpy; the others would call
    the `memrefCopy` library function, which an artifact must not depend on.
    This pass rewrites them to `linalg.copy`, which becomes plain loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DlcDecomposeConvolutionsPass
    : Pass<"dlc-decompose-convolutions", "::mlir::func::FuncOp"> {
  let summary = "Rewrite convolutions as strided-view copies, contractions "
                "and elementwise sums";
  let description = [{
    Window position (kh, kw) of a convolution reads the input through a
    strided view. A regular convolution (linalg.conv_2d_nchw_fchw) becomes
    an im2col tensor built by one copy per window position (no copy for 1x1
    stride-1 windows) and a contraction with the filter as [F, C*KH*KW]. A
    depthwise convolution (linalg.conv_2d_ngchw_gfchw with one channel per
    group) becomes one elementwise op that sums the KH*KW products of views
    and per-channel weights in the reference window order. The results are
    structured ops with projected-permutation maps, which
    dlc-tile-and-vectorize can tile and vectorize.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def DlcTileAndVectorizePass
    : Pass<"dlc-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg-on-tensors ops for caches and registers, then "
                "vectorize them";
  let description = [{
    Contractions (matmul, batch matmul, gemm, im2col'd convolutions) are tiled
    BLIS-style: cache blocks of (Nc, Kc, Mc), then an (mr x nr) register tile
    that walks K one step at a time, so the accumulator tile stays in vector
    registers. Elementwise and data-movement ops are tiled along their
    innermost dimension. Partial tiles are peeled so every tile has a static
    shape, then each tile is vectorized; tensor slices fold into vector
    transfers and the accumulator is hoisted out of the K loop.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"256",
           "Width of the target's vector registers in bits">,
    Option<"registerTileM", "register-tile-m", "int64_t", /*default=*/"6",
           "Rows of the register tile of a contraction">,
    Option<"cacheTileM", "cache-tile-m", "int64_t", /*default=*/"72",
           "Rows of A kept in L2 per block (a multiple of register-tile-m)">,
    Option<"cacheTileN", "cache-tile-n", "int64_t", /*default=*/"512",
           "Columns of B per block">,
    Option<"cacheTileK", "cache-tile-k", "int64_t", /*default=*/"256",
           "Depth of a block (rows of B kept in L1 per register panel)">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def DlcOutlineParallelLoopsPass
    : Pass<"dlc-outline-parallel-loops", "::mlir::ModuleOp"> {
  let summary = "Run loops marked dlc.parallel on the runtime's thread pool";
  let description = [{
    Each outermost `scf.for` marked `dlc.parallel` (by dlc-tile-and-vectorize,
    on buffers) becomes a function `body(ctx, begin, end)` running iterations
    [begin, end), and a call to the artifact's dispatcher with a context that
    holds every captured value (memrefs as pointer, offset, sizes and
    strides). The dispatcher calls through the exported pointer
    `dlc_artifact_parallel_for`, which libdlc_runtime sets to its thread pool
    when it loads the artifact; when unset, the loop runs serially.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
}

#endif // DLC_TRANSFORMS_PASSES_TD
