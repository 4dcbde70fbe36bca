// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.matmul(x[0].astype(np.float64), x[1])
func.func @main(%a: tensor<2x1x5x7xf32>, %b: tensor<3x7x4xf32>) -> tensor<2x3x5x4xf32> {
  %0 = dlc.matmul %a, %b : (tensor<2x1x5x7xf32>, tensor<3x7x4xf32>) -> tensor<2x3x5x4xf32>
  return %0 : tensor<2x3x5x4xf32>
}
