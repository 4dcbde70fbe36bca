// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (npref.avg_pool2d(x[0], (3, 2), strides=(2, 1), pads=(1, 0, 1, 1)), npref.avg_pool2d(x[0], (3, 2), strides=(2, 1), pads=(1, 0, 1, 1), count_include_pad=True))
func.func @main(%x: tensor<1x2x6x5xf32>) -> (tensor<1x2x3x5xf32>, tensor<1x2x3x5xf32>) {
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 1, 1>} : (tensor<1x2x6x5xf32>) -> tensor<1x2x3x5xf32>
  %1 = dlc.avg_pool %x {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 1, 1>, count_include_pad = true} : (tensor<1x2x6x5xf32>) -> tensor<1x2x3x5xf32>
  return %0, %1 : tensor<1x2x3x5xf32>, tensor<1x2x3x5xf32>
}
