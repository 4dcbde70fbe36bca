// dlc compile records the target description of --cpu on the module
// (dlc.target); dlc-select-lowering chooses each kernel's configuration
// from it: the full-rate width and, from the register count, the register
// tile's rows.
// RUN: dlc compile %s --cpu=znver4 --emit=linalg -o - | FileCheck %s --check-prefix=ZEN4-TARGET
// RUN: dlc compile %s --cpu=znver4 --emit=linalg -o - | dlc-opt -pass-pipeline='builtin.module(func.func(dlc-select-lowering))' | FileCheck %s --check-prefix=ZEN4
// RUN: dlc compile %s --cpu=znver5 --emit=linalg -o - | dlc-opt -pass-pipeline='builtin.module(func.func(dlc-select-lowering))' | FileCheck %s --check-prefix=WIDE
// RUN: dlc compile %s --cpu=sapphirerapids --emit=linalg -o - | dlc-opt -pass-pipeline='builtin.module(func.func(dlc-select-lowering))' | FileCheck %s --check-prefix=WIDE
// RUN: dlc compile %s --cpu=x86-64-v3 --emit=linalg -o - | dlc-opt -pass-pipeline='builtin.module(func.func(dlc-select-lowering))' | FileCheck %s --check-prefix=AVX2
// ZEN4-TARGET: module attributes {dlc.target = #dlc.cpu_target<cpu = "znver4", isaBits = 512, fullRateBits = 256, vectorRegisters = 32,
// ZEN4: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512, 256]>}
// ZEN4: linalg.generic {{.*}} {dlc.lowering_config = #dlc.lowering_config<rows, vector_bits = 256>}
// WIDE: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 512, register_tile = [8, 32], cache_tiles = [72, 512, 256]>}
// WIDE: linalg.generic {{.*}} {dlc.lowering_config = #dlc.lowering_config<rows, vector_bits = 512>}
// AVX2: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [6, 16], cache_tiles = [72, 512, 256]>}
// AVX2: linalg.generic {{.*}} {dlc.lowering_config = #dlc.lowering_config<rows, vector_bits = 256>}
// A configuration written into the IR is pinned: dlc-cpu-codegen applies
// it instead of the target's (4-row tiles of two 4-lane vectors: four
// 8-wide multiply-adds per K step instead of eight 16-wide ones).
// RUN: dlc compile %s --cpu=znver4 --emit=linalg -o - | sed 's/linalg.matmul ins/linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 128, register_tile = [4, 8], cache_tiles = [32, 32, 32]>} ins/' | dlc-opt --dlc-cpu-codegen | FileCheck %s --check-prefix=PINNED
// PINNED-COUNT-4: llvm.intr.fmuladd({{.*}}) : (vector<8xf32>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
// PINNED-NOT: llvm.intr.fmuladd
func.func @main(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = dlc.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = dlc.relu %0 : tensor<64x64xf32>
  return %1 : tensor<64x64xf32>
}
