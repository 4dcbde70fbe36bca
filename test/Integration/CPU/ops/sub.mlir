// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: x[0] - x[1]
func.func @main(%a: tensor<4xf32>, %b: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.sub %a, %b : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
