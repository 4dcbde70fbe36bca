// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Products over axes (1 over an empty set), floats near 1 so that long
// products stay in range, and integers (wrapping like numpy's int64).
// INPUT 0: uniform 0.5 1.5
// INPUT 1: int -3 4
// REF: (x[0].astype(np.float64).prod(axis=(0, 2), keepdims=True), x[0].astype(np.float64).prod(), x[1].prod(axis=1), np.ones((2, 1)))
// TOL: rtol=1e-5 atol=1e-6
func.func @main(%x: tensor<3x4x5xf32>, %i: tensor<3x4xi64>) -> (tensor<1x4x1xf32>, tensor<f32>, tensor<3xi64>, tensor<2x1xf32>) {
  %0 = dlc.reduce_prod %x {axes = array<i64: 0, 2>} : (tensor<3x4x5xf32>) -> tensor<1x4x1xf32>
  %1 = dlc.reduce_prod %x {keepdims = false} : (tensor<3x4x5xf32>) -> tensor<f32>
  %2 = dlc.reduce_prod %i {axes = array<i64: 1>, keepdims = false} : (tensor<3x4xi64>) -> tensor<3xi64>
  %e = dlc.constant dense<> : tensor<2x0xf32>
  %3 = dlc.reduce_prod %e {axes = array<i64: 1>} : (tensor<2x0xf32>) -> tensor<2x1xf32>
  return %0, %1, %2, %3 : tensor<1x4x1xf32>, tensor<f32>, tensor<3xi64>, tensor<2x1xf32>
}
