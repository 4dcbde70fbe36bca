// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.conv2d(x[0], x[1], pads=(1, 1, 1, 1), group=2)
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<1x4x6x6xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = dlc.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, group = 2 : i64} : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}
