// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.minimum(x[0], x[1])
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.minimum %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
