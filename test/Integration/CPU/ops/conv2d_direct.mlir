// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// A stride-1 3x3 convolution with 52-pixel output rows is computed directly
// (no im2col): three 16-column tiles and a 4-column one per row, 12 output
// channels as an 8- and a 4-channel tile, bias and ReLU; and a dilated one
// with 50-pixel rows.
// REF: (np.maximum(npref.conv2d(x[0], x[1], x[2], pads=(1, 1, 1, 1)), 0.0), npref.conv2d(x[0], x[1], x[2], pads=(2, 2, 2, 2), dilations=(2, 2)))
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<1x5x52x52xf32>, %w: tensor<12x5x3x3xf32>, %b: tensor<12xf32>) -> (tensor<1x12x52x52xf32>, tensor<1x12x52x52xf32>) {
  %0 = dlc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x5x52x52xf32>, tensor<12x5x3x3xf32>, tensor<12xf32>) -> tensor<1x12x52x52xf32>
  %1 = dlc.relu %0 : tensor<1x12x52x52xf32>
  %2 = dlc.conv2d %x, %w, %b {pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>} : (tensor<1x5x52x52xf32>, tensor<12x5x3x3xf32>, tensor<12xf32>) -> tensor<1x12x52x52xf32>
  return %1, %2 : tensor<1x12x52x52xf32>, tensor<1x12x52x52xf32>
}
