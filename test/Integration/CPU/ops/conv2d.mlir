// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.conv2d(x[0], x[1], x[2], strides=(2, 1), pads=(1, 2, 0, 1), dilations=(1, 2))
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<2x3x9x8xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x9xf32> {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 1>, pads = array<i64: 1, 2, 0, 1>, dilations = array<i64: 1, 2>} : (tensor<2x3x9x8xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<2x4x4x9xf32>
  return %0 : tensor<2x4x4x9xf32>
}
