// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (np.pad(x[0], ((0, 0), (1, 2), (3, 0)), constant_values=1.5), np.pad(x[1], ((2, 1),)))
// INPUT 1: int -9 9
func.func @main(%a: tensor<2x3x4xf32>, %i: tensor<5xi64>) -> (tensor<2x6x7xf32>, tensor<8xi64>) {
  %0 = dlc.pad %a {low = array<i64: 0, 1, 3>, high = array<i64: 0, 2, 0>, value = 1.5 : f64} : (tensor<2x3x4xf32>) -> tensor<2x6x7xf32>
  %1 = dlc.pad %i {low = array<i64: 2>, high = array<i64: 1>} : (tensor<5xi64>) -> tensor<8xi64>
  return %0, %1 : tensor<2x6x7xf32>, tensor<8xi64>
}
