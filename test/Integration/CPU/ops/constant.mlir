// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: x[0] * np.array([1.0, -2.0, 0.5], dtype=np.float32) + 3.0
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = dlc.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %c = dlc.constant dense<3.0> : tensor<2x3xf32>
  %0 = dlc.mul %x, %w : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.add %0, %c : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
