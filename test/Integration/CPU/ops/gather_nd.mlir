// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Pairs of coordinates pick rows of the last dim; with batch_dims = 1 each
// batch indexes its own slice (HF attention masks exported by dynamo).
// REF: (x[0][x[1][..., 0], x[1][..., 1]], np.stack([x[0][b][x[2][b, :, 0]] for b in range(3)]))
// INPUT 1: int 0 3
// INPUT 2: int -4 4
func.func @main(%x: tensor<3x4x5xf32>, %i: tensor<2x3x2xi64>, %j: tensor<3x2x1xi64>) -> (tensor<2x3x5xf32>, tensor<3x2x5xf32>) {
  %0 = dlc.gather_nd %x, %i : (tensor<3x4x5xf32>, tensor<2x3x2xi64>) -> tensor<2x3x5xf32>
  %1 = dlc.gather_nd %x, %j {batch_dims = 1 : i64} : (tensor<3x4x5xf32>, tensor<3x2x1xi64>) -> tensor<3x2x5xf32>
  return %0, %1 : tensor<2x3x5xf32>, tensor<3x2x5xf32>
}
