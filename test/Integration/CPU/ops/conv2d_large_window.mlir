// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Windows of more than 49 positions: a patch embedding (8x8, stride 8, as
// ViTs export it) and an 11x11 window with stride, padding and dilation.
// REF: (npref.conv2d(x[0], x[1], x[2], strides=(8, 8)), npref.conv2d(x[0], x[3], None, strides=(3, 2), pads=(1, 2, 0, 1), dilations=(1, 2)))
func.func @main(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x8x8xf32>, %b: tensor<16xf32>, %v: tensor<4x3x11x11xf32>) -> (tensor<1x16x4x4xf32>, tensor<1x4x8x8xf32>) {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 8, 8>} : (tensor<1x3x32x32xf32>, tensor<16x3x8x8xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  %1 = dlc.conv2d %x, %v {strides = array<i64: 3, 2>, pads = array<i64: 1, 2, 0, 1>, dilations = array<i64: 1, 2>} : (tensor<1x3x32x32xf32>, tensor<4x3x11x11xf32>) -> tensor<1x4x8x8xf32>
  return %0, %1 : tensor<1x16x4x4xf32>, tensor<1x4x8x8xf32>
}
