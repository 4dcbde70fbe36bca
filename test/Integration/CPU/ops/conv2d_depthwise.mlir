// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.conv2d(x[0], x[1], x[2], strides=(2, 2), pads=(1, 1, 1, 1), group=8)
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<1x8x7x7xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}
