// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Max pooling with the flat input position of each maximum (ONNX MaxPool's
// Indices): row-major and column-major spatial order, padding (never
// reported), strides, dilations and a 3-D window. Integer inputs take small
// values so windows hold ties (the first maximum wins); ui8 values >= 128
// must compare as large, i32 negatives as small.
// INPUT 1: int 0 256
// INPUT 2: int -4 4
// REF: (lambda p: (p(x[0], (3, 3), strides=(2, 2), pads=(1, 1, 1, 1)) + p(x[0], (2, 3), strides=(1, 2), pads=(0, 1, 1, 0), dilations=(2, 1), storage_order=1) + p(x[3], (2, 2, 2), strides=(1, 2, 1), pads=(0, 1, 0, 1, 0, 1)) + p(x[1], (2, 2), strides=(2, 2))[:1] + p(x[2], (3, 2), pads=(1, 0, 1, 1))))(npref.max_pool_nd)
func.func @main(%a: tensor<2x3x7x6xf32>, %b: tensor<1x2x6x6xui8>, %c: tensor<2x2x5x5xi32>, %d: tensor<1x2x4x5x3xf32>) -> (tensor<2x3x4x3xf32>, tensor<2x3x4x3xi64>, tensor<2x3x6x3xf32>, tensor<2x3x6x3xi64>, tensor<1x2x4x3x3xf32>, tensor<1x2x4x3x3xi64>, tensor<1x2x3x3xui8>, tensor<2x2x5x5xi32>, tensor<2x2x5x5xi64>) {
  %0:2 = dlc.max_pool_with_indices %a {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<2x3x7x6xf32>) -> (tensor<2x3x4x3xf32>, tensor<2x3x4x3xi64>)
  %1:2 = dlc.max_pool_with_indices %a {kernel_shape = array<i64: 2, 3>, strides = array<i64: 1, 2>, pads = array<i64: 0, 1, 1, 0>, dilations = array<i64: 2, 1>, storage_order = 1} : (tensor<2x3x7x6xf32>) -> (tensor<2x3x6x3xf32>, tensor<2x3x6x3xi64>)
  %2:2 = dlc.max_pool_with_indices %d {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 1, 2, 1>, pads = array<i64: 0, 1, 0, 1, 0, 1>} : (tensor<1x2x4x5x3xf32>) -> (tensor<1x2x4x3x3xf32>, tensor<1x2x4x3x3xi64>)
  %3 = dlc.max_pool %b {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xui8>) -> tensor<1x2x3x3xui8>
  %4:2 = dlc.max_pool_with_indices %c {kernel_shape = array<i64: 3, 2>, pads = array<i64: 1, 0, 1, 1>} : (tensor<2x2x5x5xi32>) -> (tensor<2x2x5x5xi32>, tensor<2x2x5x5xi64>)
  return %0#0, %0#1, %1#0, %1#1, %2#0, %2#1, %3, %4#0, %4#1 : tensor<2x3x4x3xf32>, tensor<2x3x4x3xi64>, tensor<2x3x6x3xf32>, tensor<2x3x6x3xi64>, tensor<1x2x4x3x3xf32>, tensor<1x2x4x3x3xi64>, tensor<1x2x3x3xui8>, tensor<2x2x5x5xi32>, tensor<2x2x5x5xi64>
}
