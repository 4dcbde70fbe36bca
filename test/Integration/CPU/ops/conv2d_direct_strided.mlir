// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// A 7x7 stride-2 convolution with 50-pixel output rows (ResNet's stem shape
// with fewer channels) is computed directly, reading every other input
// column: three 16-column tiles and a 2-column one per row, 10 output
// channels as an 8- and a 2-channel tile.
// REF: npref.conv2d(x[0], x[1], x[2], strides=(2, 2), pads=(3, 3, 3, 3))
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<1x3x100x100xf32>, %w: tensor<10x3x7x7xf32>, %b: tensor<10xf32>) -> tensor<1x10x50x50xf32> {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>} : (tensor<1x3x100x100xf32>, tensor<10x3x7x7xf32>, tensor<10xf32>) -> tensor<1x10x50x50xf32>
  return %0 : tensor<1x10x50x50xf32>
}
