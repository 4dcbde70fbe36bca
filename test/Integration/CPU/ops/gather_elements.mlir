// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Indices include negative ones (counted from the end of the axis); off the
// axis the indices may be smaller than the input.
// REF: (np.take_along_axis(x[0][:2, :, :3], np.where(x[1] < 0, x[1] + 4, x[1]), axis=1), np.take_along_axis(x[0], x[2], axis=0))
// INPUT 1: int -4 4
// INPUT 2: int 0 3
func.func @main(%x: tensor<3x4x5xf32>, %i: tensor<2x6x3xi64>, %j: tensor<2x4x5xi32>) -> (tensor<2x6x3xf32>, tensor<2x4x5xf32>) {
  %0 = dlc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4x5xf32>, tensor<2x6x3xi64>) -> tensor<2x6x3xf32>
  %1 = dlc.gather_elements %x, %j : (tensor<3x4x5xf32>, tensor<2x4x5xi32>) -> tensor<2x4x5xf32>
  return %0, %1 : tensor<2x6x3xf32>, tensor<2x4x5xf32>
}
