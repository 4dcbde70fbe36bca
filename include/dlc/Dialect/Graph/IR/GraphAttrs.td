//===- GraphAttrs.td - dlc code-generation attributes ------*- tablegen -*-===//
//
// The data that separates code-generation strategy from mechanism: the
// target a module is compiled for, and the lowering configuration the
// strategy pass (dlc-select-lowering) chooses for each kernel op, which the
// mechanism passes (dlc-tile-and-vectorize) only apply.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_GRAPH_IR_GRAPHATTRS_TD
#define DLC_DIALECT_GRAPH_IR_GRAPHATTRS_TD

include "dlc/Dialect/Graph/IR/GraphBase.td"
include "mlir/IR/EnumAttr.td"

def Dlc_LoweringStrategy : I32EnumAttr<"LoweringStrategy",
    "how dlc-tile-and-vectorize lowers an op", [
  // BLIS-style cache blocks and an (M x N) register tile walking K.
  I32EnumAttrCase<"Contraction", 0, "contraction">,
  // A register tile of output channels x columns of one output row,
  // accumulating over (channel, window) without an im2col copy.
  I32EnumAttrCase<"DirectConvolution", 1, "direct_convolution">,
  // Elementwise and data movement: rows of the innermost dimension.
  I32EnumAttrCase<"Rows", 2, "rows">,
  // One output element per tile, the reduced extent in one vector.
  I32EnumAttrCase<"InnerReduction", 3, "inner_reduction">,
  // Not vectorized: left to scalar loops (i1 data, index semantics,
  // dynamic shapes, reductions too large for one vector).
  I32EnumAttrCase<"Loops", 4, "loops">
]> {
  let cppNamespace = "::dlc::graph";
  let genSpecializedAttr = 0;
}

def Dlc_CPUTargetAttr : AttrDef<Dlc_Dialect, "CPUTarget"> {
  let mnemonic = "cpu_target";
  let summary = "The CPU a module's code is generated for";
  let description = [{
    The target description the lowering choices come from (see
    `dlc/Target/CPU/TargetDescription.h`), attached to the module as
    `dlc.target`:

    ```mlir
    module attributes {dlc.target = #dlc.cpu_target<cpu = "znver4",
        isaBits = 512, fullRateBits = 256, vectorRegisters = 32,
        l1dBytes = 32768, l2Bytes = 1048576, l3Bytes = 33554432, cores = 2>}
    ```
  }];
  let parameters = (ins StringRefParameter<"LLVM CPU name">:$cpu,
                        "int64_t":$isaBits, "int64_t":$fullRateBits,
                        "int64_t":$vectorRegisters, "int64_t":$l1dBytes,
                        "int64_t":$l2Bytes, "int64_t":$l3Bytes,
                        "int64_t":$cores);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Dlc_LoweringConfigAttr : AttrDef<Dlc_Dialect, "LoweringConfig"> {
  let mnemonic = "lowering_config";
  let summary = "How one op is tiled and vectorized";
  let description = [{
    Set by `dlc-select-lowering` on every linalg op and constant pad of a
    kernel (as `dlc.lowering_config`); `dlc-tile-and-vectorize` applies it,
    and gives the ops it creates (pad fills, packing copies) the
    configuration of the op they come from.

    - `strategy`: which lowering applies;
    - `vector_bits`: the width of the op's vectors;
    - `register_tile`: contraction and direct convolution: [rows, columns]
      of the accumulator tile kept in registers (columns are whole vectors);
    - `cache_tiles`: contraction: [M, N, K] of a cache block.

    ```mlir
    #dlc.lowering_config<contraction, vector_bits = 256,
                         register_tile = [8, 16], cache_tiles = [72, 512, 256]>
    #dlc.lowering_config<rows, vector_bits = 256>
    ```
  }];
  let parameters = (ins
      EnumParameter<Dlc_LoweringStrategy>:$strategy,
      "int64_t":$vectorBits,
      OptionalArrayRefParameter<"int64_t">:$registerTile,
      OptionalArrayRefParameter<"int64_t">:$cacheTiles);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// f32 lanes of one vector.
    int64_t getLanes() const { return getVectorBits() / 32; }
  }];
}

def Dlc_GPULoweringStrategy : I32EnumAttr<"GPULoweringStrategy",
    "which kernel shape dlc-map-kernels-to-gpu builds for an op", [
  // A (tile x tile) block of C per 16x16 threads, A and B staged in
  // workgroup memory.
  I32EnumAttrCase<"TiledMatmul", 0, "tiled_matmul">,
  // A 64x64 block of C per four warps of WMMA fragments.
  I32EnumAttrCase<"TensorCoreMatmul", 1, "tensor_core_matmul">,
  // A block per output element, reducing with gpu.all_reduce.
  I32EnumAttrCase<"BlockPerOutput", 2, "block_per_output">,
  // A thread per 16 bytes of output.
  I32EnumAttrCase<"VectorThreadPerOutput", 3, "vector_thread_per_output">,
  // A thread per output element.
  I32EnumAttrCase<"ThreadPerOutput", 4, "thread_per_output">
]> {
  let cppNamespace = "::dlc::graph";
  let genSpecializedAttr = 0;
}

def Dlc_GPULoweringConfigAttr : AttrDef<Dlc_Dialect, "GPULoweringConfig"> {
  let mnemonic = "gpu_lowering_config";
  let summary = "Which GPU kernel one op becomes";
  let description = [{
    Set by `dlc-select-gpu-lowering` on every linalg op of a bufferized GPU
    program (as `dlc.lowering_config`); `dlc-map-kernels-to-gpu` builds the
    kernel it names:

    - `block_size`: threads per block (element- and block-per-output
      kernels);
    - `tile`: rows and columns of C per block (matmuls);
    - `lanes`: elements per thread (vector_thread_per_output);
    - `precision`: what a tensor-core matmul rounds its inputs to (tf32,
      f16).

    ```mlir
    #dlc.gpu_lowering_config<tiled_matmul, tile = 64>
    #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64, precision = tf32>
    #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 4>
    ```
  }];
  let parameters = (ins
      EnumParameter<Dlc_GPULoweringStrategy>:$strategy,
      "int64_t":$blockSize, "int64_t":$tile, "int64_t":$lanes,
      StringRefParameter<"tf32 or f16 (tensor cores)", "\"\"">:$precision);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

#endif // DLC_DIALECT_GRAPH_IR_GRAPHATTRS_TD
