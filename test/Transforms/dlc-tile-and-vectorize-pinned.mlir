// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-tile-and-vectorize),canonicalize)' | FileCheck %s

// dlc-tile-and-vectorize applies the configuration an op carries, whatever
// the target: here 4-row register tiles of two 4-lane vectors (128 bits),
// in blocks of 16 columns and 32 steps of K.
// CHECK-LABEL: func @pinned
// CHECK: scf.for
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} vector<4x8xf32>
// CHECK: scf.for {{.*}} -> (vector<4x8xf32>)
// CHECK:   vector.transfer_read {{.*}} vector<4x1xf32>
// CHECK:   vector.transfer_read {{.*}} vector<1x8xf32>
// CHECK:   vector.contract {{.*}} : vector<4x1xf32>, vector<1x8xf32> into vector<4x8xf32>
// CHECK-NOT: vector<6x16xf32>
// CHECK-NOT: vector<8x16xf32>
func.func @pinned(%a: tensor<16x64xf32>, %b: tensor<64x32xf32>, %c: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %0 = linalg.matmul {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 128, register_tile = [4, 8], cache_tiles = [8, 16, 32]>} ins(%a, %b : tensor<16x64xf32>, tensor<64x32xf32>) outs(%c : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}
