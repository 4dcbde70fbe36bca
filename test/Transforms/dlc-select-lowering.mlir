// RUN: dlc-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(dlc-select-lowering))' | FileCheck %s
// RUN: dlc-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(dlc-select-lowering{vector-bits=128 register-tile-m=4 cache-tile-m=30 cache-tile-n=40 cache-tile-k=64}))' | FileCheck %s --check-prefix=PINNED

// Each op's lowering configuration follows the module's target: vectors at
// the full-rate width, register tiles of two vectors by 8 rows with 32
// vector registers (6 with 16), cache blocks of 72 x 512 x 256 rounded to
// register tiles. Options override the target.

// Zen 4: AVX-512 registers, FMAs at full rate at 256 bits.
module attributes {dlc.target = #dlc.cpu_target<cpu = "znver4", isaBits = 512, fullRateBits = 256, vectorRegisters = 32, l1dBytes = 32768, l2Bytes = 1048576, l3Bytes = 33554432, cores = 2>} {
  // CHECK-LABEL: func @matmul
  // CHECK: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512, 256]>}
  // PINNED-LABEL: func @matmul
  // PINNED: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 128, register_tile = [4, 8], cache_tiles = [28, 40, 64]>}
  func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
    %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
    return %0 : tensor<64x64xf32>
  }
}

// -----

// Zen 5: 512-bit FMAs at full rate.
module attributes {dlc.target = #dlc.cpu_target<cpu = "znver5", isaBits = 512, fullRateBits = 512, vectorRegisters = 32, l1dBytes = 49152, l2Bytes = 1048576, l3Bytes = 33554432, cores = 2>} {
  // CHECK-LABEL: func @matmul
  // CHECK: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 512, register_tile = [8, 32], cache_tiles = [72, 512, 256]>}
  func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
    %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
    return %0 : tensor<64x64xf32>
  }
}

// -----

// Sapphire Rapids: the same choices as Zen 5.
module attributes {dlc.target = #dlc.cpu_target<cpu = "sapphirerapids", isaBits = 512, fullRateBits = 512, vectorRegisters = 32, l1dBytes = 49152, l2Bytes = 2097152, l3Bytes = 110100480, cores = 2>} {
  // CHECK-LABEL: func @add
  // CHECK: linalg.generic {{.*}} attrs =  {dlc.lowering_config = #dlc.lowering_config<rows, vector_bits = 512>}
  func.func @add(%a: tensor<4x64xf32>, %b: tensor<4x64xf32>) -> tensor<4x64xf32> {
    %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x64xf32>, tensor<4x64xf32>) outs(%a : tensor<4x64xf32>) {
    ^bb0(%x: f32, %y: f32, %z: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    } -> tensor<4x64xf32>
    return %0 : tensor<4x64xf32>
  }
}

// -----

// AVX2 (x86-64-v3): 16 registers, so 6-row register tiles; every kernel
// family on one target.
module attributes {dlc.target = #dlc.cpu_target<cpu = "x86-64-v3", isaBits = 256, fullRateBits = 256, vectorRegisters = 16, l1dBytes = 32768, l2Bytes = 1048576, l3Bytes = 33554432, cores = 2>} {
  // CHECK-LABEL: func @matmul
  // CHECK: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [6, 16], cache_tiles = [72, 512, 256]>}
  func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
    %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
    return %0 : tensor<64x64xf32>
  }

  // A convolution marked for direct computation by dlc-decompose-convolutions,
  // over (f, oh, ow, c, kh, kw).
  // CHECK-LABEL: func @direct_convolution
  // CHECK: linalg.generic {{.*}} attrs =  {dlc.direct_convolution, dlc.lowering_config = #dlc.lowering_config<direct_convolution, vector_bits = 256, register_tile = [6, 16]>}
  // PINNED-LABEL: func @direct_convolution
  // PINNED: #dlc.lowering_config<direct_convolution, vector_bits = 128, register_tile = [4, 8]>
  func.func @direct_convolution(%w: tensor<8x3x3x3xf32>, %x: tensor<3x58x58xf32>, %y: tensor<8x56x56xf32>) -> tensor<8x56x56xf32> {
    %0 = linalg.generic {indexing_maps = [affine_map<(f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>, affine_map<(f, oh, ow, c, kh, kw) -> (c, oh + kh, ow + kw)>, affine_map<(f, oh, ow, c, kh, kw) -> (f, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%w, %x : tensor<8x3x3x3xf32>, tensor<3x58x58xf32>) outs(%y : tensor<8x56x56xf32>) attrs = {dlc.direct_convolution} {
    ^bb0(%a: f32, %b: f32, %c: f32):
      %m = arith.mulf %a, %b : f32
      %s = arith.addf %c, %m : f32
      linalg.yield %s : f32
    } -> tensor<8x56x56xf32>
    return %0 : tensor<8x56x56xf32>
  }

  // Reductions over the innermost loops: one vector per output from one
  // vector's worth up to 4096 elements; longer ones stay loops.
  // CHECK-LABEL: func @reductions
  // CHECK: linalg.reduce {{.*}} {dlc.lowering_config = #dlc.lowering_config<inner_reduction, vector_bits = 256>}
  // CHECK: linalg.reduce {{.*}} {dlc.lowering_config = #dlc.lowering_config<loops, vector_bits = 256>}
  func.func @reductions(%a: tensor<4x128xf32>, %b: tensor<2x8192xf32>, %i: tensor<4xf32>, %j: tensor<2xf32>) -> (tensor<4xf32>, tensor<2xf32>) {
    %0 = linalg.reduce ins(%a : tensor<4x128xf32>) outs(%i : tensor<4xf32>) dimensions = [1]
      (%x: f32, %acc: f32) {
        %s = arith.addf %x, %acc : f32
        linalg.yield %s : f32
      }
    %1 = linalg.reduce ins(%b : tensor<2x8192xf32>) outs(%j : tensor<2xf32>) dimensions = [1]
      (%x: f32, %acc: f32) {
        %s = arith.addf %x, %acc : f32
        linalg.yield %s : f32
      }
    return %0, %1 : tensor<4xf32>, tensor<2xf32>
  }

  // i1 data (stored a byte per element) is not vectorized; pads are rows.
  // CHECK-LABEL: func @mask_and_pad
  // CHECK: linalg.generic {{.*}} attrs =  {dlc.lowering_config = #dlc.lowering_config<loops, vector_bits = 256>}
  // CHECK: tensor.pad
  // CHECK: } {dlc.lowering_config = #dlc.lowering_config<rows, vector_bits = 256>} : tensor<4x64xf32> to tensor<6x66xf32>
  func.func @mask_and_pad(%m: tensor<64xi1>, %x: tensor<4x64xf32>) -> (tensor<64xi1>, tensor<6x66xf32>) {
    %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%m : tensor<64xi1>) outs(%m : tensor<64xi1>) {
    ^bb0(%a: i1, %b: i1):
      %t = arith.constant true
      %n = arith.xori %a, %t : i1
      linalg.yield %n : i1
    } -> tensor<64xi1>
    %zero = arith.constant 0.0 : f32
    %1 = tensor.pad %x low[1, 1] high[1, 1] {
    ^bb0(%i: index, %j: index):
      tensor.yield %zero : f32
    } : tensor<4x64xf32> to tensor<6x66xf32>
    return %0, %1 : tensor<64xi1>, tensor<6x66xf32>
  }
}

// -----

// Without a target: AVX2's width and register count.
// CHECK-LABEL: func @matmul
// CHECK: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [6, 16], cache_tiles = [72, 512, 256]>}
func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// A configuration already in the IR is pinned: kept, not replaced.
// CHECK-LABEL: func @pinned
// CHECK: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 128, register_tile = [4, 8], cache_tiles = [8, 16, 32]>}
// CHECK: linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [6, 16], cache_tiles = [72, 512, 256]>}
func.func @pinned(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> (tensor<64x64xf32>, tensor<64x64xf32>) {
  %0 = linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 128, register_tile = [4, 8], cache_tiles = [8, 16, 32]>} ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0, %1 : tensor<64x64xf32>, tensor<64x64xf32>
}
