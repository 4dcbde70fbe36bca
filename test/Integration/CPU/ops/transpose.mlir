// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.transpose(x[0], (2, 0, 3, 1))
func.func @main(%x: tensor<2x3x4x5xf32>) -> tensor<4x2x5x3xf32> {
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 3, 1>} : (tensor<2x3x4x5xf32>) -> tensor<4x2x5x3xf32>
  return %0 : tensor<4x2x5x3xf32>
}
