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

def DlcWidenStridedReadsPass
    : Pass<"dlc-widen-strided-reads", "::mlir::func::FuncOp"> {
  let summary = "Read strided vectors as one contiguous vector and a shuffle";
  let description = [{
    A 1-D in-bounds `vector.transfer_read` of a buffer whose innermost
    stride s is 2 to 4 (a stride-2 convolution's window views) would lower
    to one scalar load and insert per lane. It becomes a read of the
    s * (n - 1) + 1 contiguous elements spanning the same lanes, through a
    unit-stride `memref.reinterpret_cast` of the same buffer (so nothing
    outside the view is read), and a `vector.shuffle` of every s-th lane.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def DlcFuseElementwisePass
    : Pass<"dlc-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuse a kernel's elementwise linalg ops into their consumers";
  let description = [{
    Runs on each outlined kernel: an elementwise `linalg.generic` whose
    result feeds only another `linalg.generic` (elementwise or reducing) is
    merged into it, so the kernel computes its chain in one loop nest and
    reads each tensor once. Producers with several users are left alone:
    fusing them would compute their values twice.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DlcExpandBF16ConversionsPass : Pass<"dlc-expand-bf16-conversions"> {
  let summary = "Convert between integers and bf16 through f32";
  let description = [{
    LLVM lowers integer <-> bf16 conversions to compiler-rt calls on CPUs
    without AVX512-BF16, which artifacts cannot link against. Through f32,
    only f32 <-> bf16 conversions remain, which arith-expand lowers to
    integer arithmetic. Exact for integers of up to 24 bits; larger ones
    are rounded twice.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def DlcApproximateMathPass
    : Pass<"dlc-approximate-math", "::mlir::func::FuncOp"> {
  let summary = "Replace transcendental math ops by vectorizable polynomials";
  let description = [{
    On the CPU, math.exp, log, tanh, erf, ... on vectors would otherwise
    become one libm call per lane. MLIR's polynomial approximations (the
    ones IREE uses) compute them with vector arithmetic, within a few ulp
    for f32 (checked against numpy by every op test).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def DlcDecomposeConvolutionsPass
    : Pass<"dlc-decompose-convolutions", "::mlir::func::FuncOp"> {
  let summary = "Rewrite convolutions and pooling as strided-view copies, "
                "contractions and elementwise ops";
  let description = [{
    Window position (kh, kw) of a convolution reads the input through a
    strided view. A regular convolution (linalg.conv_2d_nchw_fchw) becomes
    an im2col tensor built by one copy per window position (no copy for 1x1
    stride-1 windows; windows of more than 49 positions, such as patch
    embeddings, by one op reading through strided affine maps) and a
    contraction with the filter as [F, C*KH*KW]. A
    depthwise convolution (linalg.conv_2d_ngchw_gfchw with one channel per
    group) becomes one elementwise op over [N, G, OH, OW] that adds the
    KH*KW products of views and per-channel weights to its initial value (an
    input, so that a bias broadcast fuses into it) in the reference window
    order. Max and sum pooling (linalg.pooling_nchw_max/sum) likewise become
    one elementwise op combining the views with the initial value. The
    results are
    structured ops with projected-permutation maps, which
    dlc-tile-and-vectorize can tile and vectorize. Without
    `im2col-copy-per-window` (the GPU pipeline) every im2col is one op
    reading the windows through strided maps: on the GPU each copy would be
    a kernel launch of its own.

    With `direct-convolutions` (the CPU pipeline), batch-1 convolutions
    whose output rows have at least 48 pixels (stride 1, or a column stride
    up to 4 with a window of 25 positions or more) skip the im2col copy: they become one op over (f, oh, ow, c, kh, kw) reading the input
    through its window map, marked `dlc.direct_convolution`, which
    dlc-tile-and-vectorize tiles into matmul register tiles reading the
    input's rows in place.
  }];
  let options = [
    Option<"directConvolutions", "direct-convolutions", "bool",
           /*default=*/"false",
           "compute wide stride-1 convolutions directly (CPU)">,
    Option<"im2colCopyPerWindow", "im2col-copy-per-window", "bool",
           /*default=*/"true",
           "build im2col with one vectorizable copy per window position "
           "(CPU); false: one op reading every window (GPU: one kernel "
           "instead of KH*KW)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def DlcSelectLoweringPass
    : Pass<"dlc-select-lowering", "::mlir::func::FuncOp"> {
  let summary = "Choose each CPU kernel op's lowering configuration from "
                "the target description";
  let description = [{
    The strategy half of CPU code generation: sets a
    `#dlc.lowering_config` (as `dlc.lowering_config`) on every linalg op
    and constant `tensor.pad`, from the module's `dlc.target` (`#dlc.cpu_target`; without
    one, a 256-bit AVX2 target with 16 vector registers) and the op's
    family and shape:

    - contractions (matmul, batch matmul, im2col'd convolutions): vectors at
      the target's full-rate width, a register tile of two vectors by as many
      rows as the register file holds with room for operands (8 with 32
      registers, else 6), cache blocks of (72, 512, 256) (M, N, K) rounded to
      whole register tiles;
    - direct convolutions (`dlc.direct_convolution`, 6 loops): the same
      register tile;
    - elementwise and data movement ops: rows at the full-rate width;
    - reductions over the innermost loops of at least one vector and at most
      4096 elements: one vector per output;
    - everything else (i1 data, index semantics, dynamic shapes): scalar
      loops.

    Options override the target's choices, for experiments. An op that
    already has a configuration keeps it (pinned: written into the IR, for
    experiments and tuning).
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "Vector width in bits; 0: the target's full-rate width">,
    Option<"contractionVectorBits", "contraction-vector-bits", "unsigned",
           /*default=*/"0",
           "Vector width of contraction (GEMM) kernels; 0: vector-bits">,
    Option<"registerTileM", "register-tile-m", "int64_t", /*default=*/"0",
           "Rows of a contraction's register tile; 0: from the register "
           "count">,
    Option<"cacheTileM", "cache-tile-m", "int64_t", /*default=*/"0",
           "Rows of A kept in L2 per block; 0: 72">,
    Option<"cacheTileN", "cache-tile-n", "int64_t", /*default=*/"0",
           "Columns of B per block; 0: 512">,
    Option<"cacheTileK", "cache-tile-k", "int64_t", /*default=*/"0",
           "Depth of a block (rows of B kept in L1 per register panel); "
           "0: 256">,
  ];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcTileAndVectorizePass
    : Pass<"dlc-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg-on-tensors ops for caches and registers, then "
                "vectorize them, as their lowering configurations say";
  let description = [{
    The mechanism half of CPU code generation: applies the
    `dlc.lowering_config` that dlc-select-lowering set on each linalg op
    (ops created here take the configuration of the op they come from). Contractions are tiled
    BLIS-style: cache blocks of (Nc, Kc, Mc), then an (mr x nr) register
    tile that walks K one step at a time, so the accumulator tile stays in
    vector registers. Direct convolutions get register tiles of output
    channels x columns of one row. Elementwise and data-movement ops are
    tiled along their innermost dimension, inner reductions one output per
    tile. Partial tiles are peeled so every tile has a static shape, then
    each tile is vectorized; tensor slices fold into vector transfers and
    the accumulator is hoisted out of the K loop. An op that would be
    vectorized but has no configuration, or one whose configuration does
    not fit it, is an error.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def DlcInstrumentKernelsPass
    : Pass<"dlc-instrument-kernels", "::mlir::ModuleOp"> {
  let summary = "Bracket every kernel call with profiling hooks and record "
                "the kernel table";
  let description = [{
    Each call of an outlined kernel (a private function with `dlc.device`)
    in a public function, numbered in program order, gets
    `func.call @__dlc_profile_kernel(id, 0)` before it and `(id, 1)` after
    it. The artifact defines that function as a call through the exported
    hook `dlc_artifact_profile` (when set), which the runtime points at its
    profiler; with profiling off it returns at once. The module gets
    `dlc.kernels`, one dictionary per id: `name` (the kernel function),
    `nodes` (the ONNX nodes fused into it, from op locations, comma-separated)
    `flops` (2 x iteration space of its contractions and convolutions;
    0 where none) and `bytes` (its operands, results and constant tensors),
    which become the artifact's `kernel` metadata lines.
  }];
}

def DlcAnnotateMemoryFootprintPass
    : Pass<"dlc-annotate-memory-footprint", "::mlir::ModuleOp"> {
  let summary = "Record a bufferized program's weight bytes and planned peak "
                "of heap buffers";
  let description = [{
    Sets `dlc.weight_bytes` on the module (the bytes of its constant
    `memref.global`s) and `dlc.workspace_bytes` (the most bytes of
    `memref.alloc` buffers, with their alignment padding, that are live at
    once while the public functions run,
    following allocations and deallocations in program order; a loop body
    counts once, a call counts its callee's peak). Buffers of dynamic size
    or freed where the analysis cannot follow are counted as live until the
    function returns, so the figure is an upper bound. `dlc inspect` shows
    both (the artifact's `memory` metadata line).
  }];
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

def DlcSelectGPULoweringPass
    : Pass<"dlc-select-gpu-lowering", "::mlir::func::FuncOp"> {
  let summary = "Choose the GPU kernel shape of every buffer op";
  let description = [{
    The strategy half of CUDA code generation, on the bufferized program
    dlc-map-kernels-to-gpu then maps: copies of device buffers become
    `linalg.copy` (each is a kernel), and every linalg op gets a
    `#dlc.gpu_lowering_config` (as `dlc.lowering_config`):

    - f32 contractions with one K loop (and at most 65535 row tiles):
      `tiled_matmul` with a `matmul-tile` square of C per block, or, with
      `matmul-precision=tf32` or `f16`, `tensor_core_matmul` (64x64);
    - reductions of 128 elements or more into f32 or i32 with one combiner
      that `gpu.all_reduce` has: `block_per_output`;
    - elementwise ops whose operands walk the innermost loop contiguously
      and 16-byte aligned, or not at all: `vector_thread_per_output`;
    - everything else: `thread_per_output`;

    with `block-size` threads per block where the shape has one.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of elementwise and reduction kernels">,
    Option<"matmulTile", "matmul-tile", "int64_t", /*default=*/"64",
           "Rows and columns of C computed by one block of a matmul kernel">,
    Option<"matmulPrecision", "matmul-precision", "std::string",
           /*default=*/"\"f32\"",
           "Inputs of f32 contractions: f32 (exact, CUDA cores), tf32 or f16 "
           "(rounded, tensor cores; tf32 needs sm_80)">,
  ];
  let dependentDialects = [
    "::dlc::graph::DlcDialect", "::mlir::linalg::LinalgDialect"
  ];
}

def DlcMapKernelsToGPUPass
    : Pass<"dlc-map-kernels-to-gpu", "::mlir::func::FuncOp"> {
  let summary = "Turn every buffer op of a bufferized program into GPU "
                "kernel launches";
  let description = [{
    Runs on a bufferized program whose buffers live on the GPU. Every linalg
    op becomes a `gpu.launch` of the shape its `#dlc.gpu_lowering_config`
    names (set by dlc-select-gpu-lowering); an op without one, or one whose
    configuration does not fit it, is an error:

    - contractions with static (batch, M, N, K) run as shared-memory tiled
      matmul kernels: a block computes a tile of C, staging tiles of A and B
      through workgroup memory, each thread a small register tile; with
      `matmul-precision=tf32` or `f16`, f32 contractions run on tensor cores
      instead (warp-level `gpu.subgroup_mma_*` ops, i.e. WMMA): inputs are
      rounded to that precision as they are staged, products accumulate in
      f32;
    - ops whose reduction is long compared to their outputs (softmax, layer
      norm and pooling rows, global reductions) give each output to a block,
      whose threads stride over the reduction and combine partial results
      with a block-wide `gpu.all_reduce`;
    - elementwise ops whose operands walk the innermost loop contiguously
      (16-byte aligned) or not at all give each thread 16 bytes of output:
      vector loads and stores (`ld.global.v4.f32` for f32), scalars
      broadcast;
    - all other ops give each output element to a thread: parallel
      dimensions are collapsed into one index, split into blocks of
      `block-size` threads (consecutive threads touch consecutive elements,
      so loads and stores coalesce); reduction dimensions become loops
      inside the thread.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect", "::mlir::NVVM::NVVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def DlcAlignTensorCoreTilesPass
    : Pass<"dlc-align-tensor-core-tiles", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Align the workgroup buffers that tensor-core loads and "
                "stores access to 32 bytes";
  let description = [{
    WMMA loads and stores (`gpu.subgroup_mma_load_matrix`,
    `gpu.subgroup_mma_store_matrix`) need 32-byte aligned addresses, but the
    NVVM lowering aligns a kernel's workgroup buffers only to their element
    type. Every workgroup attribution of a `gpu.func` that such an op
    accesses (directly or through views) gets `llvm.align = 32`, which the
    lowering turns into `.shared .align 32`. Runs after kernel outlining:
    `gpu.launch` has no place for attribution attributes.
  }];
}

def DlcDeclareHostKernelsPass
    : Pass<"dlc-declare-host-kernels", "::mlir::ModuleOp"> {
  let summary = "Turn bufferized host kernels into declarations called by "
                "a GPU program";
  let description = [{
    In a program whose kernels run on the GPU and on the CPU, the host
    (`dlc.device = "cpu"`) kernels are compiled apart by the CPU pipeline;
    the GPU program keeps their bufferized signatures (inputs, then
    out-parameters) and calls them. Each such function loses its body, and
    each call is tagged `dlc.host_kernel_inputs = N`, the number of leading
    operands it only reads (the arguments marked
    `bufferization.access = "read"`), so that buffer placement knows what
    the call reads and writes.
  }];
}

def DlcCacheDeviceConstantsPass
    : Pass<"dlc-cache-device-constants", "::mlir::ModuleOp"> {
  let summary = "Copy a GPU program's constants to the device once per "
                "loaded model instead of once per run";
  let description = [{
    Runs after dlc-place-buffers-on-gpu. A device copy of a constant global
    (`gpu.alloc` filled by `gpu.memcpy` from `memref.get_global` of a
    constant, freed by `gpu.dealloc`) becomes a call of
    `dlcDeviceConstant_<i>(%global, %bytes)` at the start of the program
    (before any GPU work, so no synchronization is needed): the runtime
    copies each constant to the device on first use and keeps it until the
    model is freed. Weights then cross once, not on every run.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"
  ];
}

def DlcPlaceBuffersOnGPUPass
    : Pass<"dlc-place-buffers-on-gpu", "::mlir::func::FuncOp"> {
  let summary = "Give a host program's buffers versions in device and host "
                "memory, with explicit copies between them";
  let description = [{
    The artifact ABI passes host pointers, and kernels placed on the CPU
    (calls tagged `dlc.host_kernel_inputs`) read and write host memory;
    everything else becomes GPU kernels. Allocations live on the device
    (`gpu.alloc`) unless only host kernels touch them; arguments and
    constants live on the host. A buffer accessed on the other side gets a
    version there. Walking the program in order, a `gpu.memcpy` brings the
    latest data to the side that reads it (constants and inputs to the
    device before their first GPU use, values between GPU and CPU kernels
    where they cross), and outputs written on the device are copied back
    before returning. Every version is freed with its buffer.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
