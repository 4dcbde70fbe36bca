// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.power(x[0].astype(np.float64), x[1])
// INPUT 0: uniform 0.1 2
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.pow %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
