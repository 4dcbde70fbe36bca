// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.max_pool2d(x[0], (3, 3), strides=(2, 2), pads=(1, 1, 1, 1))
func.func @main(%x: tensor<2x3x8x7xf32>) -> tensor<2x3x4x4xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x7xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}
