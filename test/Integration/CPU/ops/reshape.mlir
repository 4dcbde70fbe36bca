// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (x[0].reshape(4, 6), x[0].reshape(2, 1, 12), x[0].reshape(3, 8))
func.func @main(%x: tensor<2x3x4xf32>) -> (tensor<4x6xf32>, tensor<2x1x12xf32>, tensor<3x8xf32>) {
  %0 = dlc.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %1 = dlc.reshape %x : tensor<2x3x4xf32> -> tensor<2x1x12xf32>
  %2 = dlc.reshape %0 : tensor<4x6xf32> -> tensor<3x8xf32>
  return %0, %1, %2 : tensor<4x6xf32>, tensor<2x1x12xf32>, tensor<3x8xf32>
}
