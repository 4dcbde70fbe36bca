// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// 3-D windows (NCDHW): max pooling with pads, strides and dilations
// (padding never wins), average pooling dividing by each window's
// unpadded count or by the whole window.
// REF: (npref.max_pool_nd(x[0], (2, 3, 2), strides=(1, 2, 2), pads=(1, 1, 0, 0, 1, 1), dilations=(2, 1, 1))[0], npref.avg_pool_nd(x[0], (3, 2, 2), strides=(2, 1, 2), pads=(1, 0, 1, 1, 1, 0)), npref.avg_pool_nd(x[0], (3, 2, 2), strides=(2, 1, 2), pads=(1, 0, 1, 1, 1, 0), count_include_pad=True))
func.func @main(%x: tensor<2x3x5x6x7xf32>) -> (tensor<2x3x4x3x4xf32>, tensor<2x3x3x6x4xf32>, tensor<2x3x3x6x4xf32>) {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 3, 2>, strides = array<i64: 1, 2, 2>, pads = array<i64: 1, 1, 0, 0, 1, 1>, dilations = array<i64: 2, 1, 1>} : (tensor<2x3x5x6x7xf32>) -> tensor<2x3x4x3x4xf32>
  %1 = dlc.avg_pool %x {kernel_shape = array<i64: 3, 2, 2>, strides = array<i64: 2, 1, 2>, pads = array<i64: 1, 0, 1, 1, 1, 0>} : (tensor<2x3x5x6x7xf32>) -> tensor<2x3x3x6x4xf32>
  %2 = dlc.avg_pool %x {kernel_shape = array<i64: 3, 2, 2>, strides = array<i64: 2, 1, 2>, pads = array<i64: 1, 0, 1, 1, 1, 0>, count_include_pad = true} : (tensor<2x3x5x6x7xf32>) -> tensor<2x3x3x6x4xf32>
  return %0, %1, %2 : tensor<2x3x4x3x4xf32>, tensor<2x3x3x6x4xf32>, tensor<2x3x3x6x4xf32>
}
