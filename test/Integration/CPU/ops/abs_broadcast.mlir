// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (np.abs(x[0]), np.abs(x[1]), np.broadcast_to(x[0], (2, 4, 3)))
// INPUT 1: int -9 9
func.func @main(%a: tensor<4x1xf32>, %i: tensor<5xi32>) -> (tensor<4x1xf32>, tensor<5xi32>, tensor<2x4x3xf32>) {
  %0 = dlc.abs %a : tensor<4x1xf32>
  %1 = dlc.abs %i : tensor<5xi32>
  %2 = dlc.broadcast_to %a : tensor<4x1xf32> -> tensor<2x4x3xf32>
  return %0, %1, %2 : tensor<4x1xf32>, tensor<5xi32>, tensor<2x4x3xf32>
}
