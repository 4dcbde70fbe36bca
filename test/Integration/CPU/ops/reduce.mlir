// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (x[0].sum(axis=(0, 2), keepdims=True, dtype=np.float64), x[0].astype(np.float64).mean(axis=-1), x[0].max(), x[1].sum(axis=1), x[1].max(axis=0, keepdims=True))
// INPUT 1: int -100 100
func.func @main(%x: tensor<3x4x5xf32>, %i: tensor<3x4xi64>) -> (tensor<1x4x1xf32>, tensor<3x4xf32>, tensor<f32>, tensor<3xi64>, tensor<1x4xi64>) {
  %0 = dlc.reduce_sum %x {axes = array<i64: 0, 2>} : (tensor<3x4x5xf32>) -> tensor<1x4x1xf32>
  %1 = dlc.reduce_mean %x {axes = array<i64: -1>, keepdims = false} : (tensor<3x4x5xf32>) -> tensor<3x4xf32>
  %2 = dlc.reduce_max %x {keepdims = false} : (tensor<3x4x5xf32>) -> tensor<f32>
  %3 = dlc.reduce_sum %i {axes = array<i64: 1>, keepdims = false} : (tensor<3x4xi64>) -> tensor<3xi64>
  %4 = dlc.reduce_max %i {axes = array<i64: 0>} : (tensor<3x4xi64>) -> tensor<1x4xi64>
  return %0, %1, %2, %3, %4 : tensor<1x4x1xf32>, tensor<3x4xf32>, tensor<f32>, tensor<3xi64>, tensor<1x4xi64>
}
