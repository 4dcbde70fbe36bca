// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// ResNet's stem pooling shape, scaled down: rows of 20 outputs read with
// stride 2 take a 16-lane vector and a remainder, and channels split
// across threads.
// REF: npref.max_pool2d(x[0], (3, 3), strides=(2, 2), pads=(1, 1, 1, 1))
func.func @main(%x: tensor<1x8x40x40xf32>) -> tensor<1x8x20x20xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x40x40xf32>) -> tensor<1x8x20x20xf32>
  return %0 : tensor<1x8x20x20xf32>
}
