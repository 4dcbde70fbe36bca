// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (np.take(x[0], x[1], axis=1), np.take(x[0], x[2], axis=0))
// INPUT 1: int -4 4
// INPUT 2: int 0 3
func.func @main(%x: tensor<3x4x5xf32>, %i: tensor<2x3xi64>, %j: tensor<6xi32>) -> (tensor<3x2x3x5xf32>, tensor<6x4x5xf32>) {
  %0 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<3x4x5xf32>, tensor<2x3xi64>) -> tensor<3x2x3x5xf32>
  %1 = dlc.gather %x, %j : (tensor<3x4x5xf32>, tensor<6xi32>) -> tensor<6x4x5xf32>
  return %0, %1 : tensor<3x2x3x5xf32>, tensor<6x4x5xf32>
}
