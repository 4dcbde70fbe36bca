// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.concatenate([x[0], x[1], x[0]], axis=1)
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<2x5x4xf32>) -> tensor<2x11x4xf32> {
  %0 = dlc.concat %a, %b, %a {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x3x4xf32>) -> tensor<2x11x4xf32>
  return %0 : tensor<2x11x4xf32>
}
