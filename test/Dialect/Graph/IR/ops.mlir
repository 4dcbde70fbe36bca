// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// Every op parses, verifies, prints and parses again.

// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  // CHECK: dlc.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.sub
  %1 = dlc.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.mul
  %2 = dlc.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.div
  %3 = dlc.div %2, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.pow
  %4 = dlc.pow %3, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.maximum
  %5 = dlc.maximum %4, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.minimum
  %6 = dlc.minimum %5, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.neg %{{.*}} : tensor<2x3xf32>
  %7 = dlc.neg %6 : tensor<2x3xf32>
  %8 = dlc.exp %7 : tensor<2x3xf32>
  %9 = dlc.log %8 : tensor<2x3xf32>
  %10 = dlc.sqrt %9 : tensor<2x3xf32>
  %11 = dlc.rsqrt %10 : tensor<2x3xf32>
  %12 = dlc.tanh %11 : tensor<2x3xf32>
  %13 = dlc.sigmoid %12 : tensor<2x3xf32>
  %14 = dlc.relu %13 : tensor<2x3xf32>
  %15 = dlc.erf %14 : tensor<2x3xf32>
  // CHECK: dlc.gelu %{{.*}} {approximate = "tanh"} : tensor<2x3xf32>
  %16 = dlc.gelu %15 {approximate = "tanh"} : tensor<2x3xf32>
  // CHECK: dlc.clamp %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x3xf32>
  %17 = dlc.clamp %16 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3xf32>
  // CHECK: dlc.cast %{{.*}} : tensor<2x3xi64> -> tensor<2x3xf32>
  %18 = dlc.cast %i : tensor<2x3xi64> -> tensor<2x3xf32>
  %19 = dlc.add %17, %18 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %19 : tensor<2x3xf32>
}

// CHECK-LABEL: func @linear_algebra
func.func @linear_algebra(%a: tensor<4x2x8xf32>, %b: tensor<8x5xf32>, %c: tensor<5xf32>, %x: tensor<3x8xf32>) -> (tensor<4x2x5xf32>, tensor<3x5xf32>) {
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : (tensor<4x2x8xf32>, tensor<8x5xf32>) -> tensor<4x2x5xf32>
  %0 = dlc.matmul %a, %b : (tensor<4x2x8xf32>, tensor<8x5xf32>) -> tensor<4x2x5xf32>
  // CHECK: dlc.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 2.000000e+00 : f32} : (tensor<3x8xf32>, tensor<8x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %1 = dlc.gemm %x, %b, %c {alpha = 2.0 : f32} : (tensor<3x8xf32>, tensor<8x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  return %0, %1 : tensor<4x2x5xf32>, tensor<3x5xf32>
}

// CHECK-LABEL: func @cnn_ops
func.func @cnn_ops(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %s: tensor<8xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x8x3x3xf32>) {
  // CHECK: dlc.conv2d %{{.*}}, %{{.*}}, %{{.*}} {group = 2 : i64, pads = array<i64: 1, 1, 1, 1>}
  %0 = dlc.conv2d %x, %w, %s {pads = array<i64: 1, 1, 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: dlc.batch_norm
  %1 = dlc.batch_norm %0, %s, %s, %s, %s : (tensor<1x8x8x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: dlc.max_pool %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
  %2 = dlc.max_pool %1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: dlc.max_pool %{{.*}} {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 2, 2>}
  %d = dlc.max_pool %1 {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x6x6xf32>
  // CHECK: dlc.avg_pool
  %3 = dlc.avg_pool %2 {kernel_shape = array<i64: 2, 2>, count_include_pad = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x3x3xf32>
  // CHECK: dlc.global_avg_pool
  %4 = dlc.global_avg_pool %2 : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return %4, %3 : tensor<1x8x1x1xf32>, tensor<1x8x3x3xf32>
}

// 3-D windows, integer max pooling, and max pooling with indices (an i64
// tensor shaped like the values).
// CHECK-LABEL: func @pool_ops
func.func @pool_ops(%x: tensor<1x2x4x6x6xf32>, %u: tensor<1x2x6x6xui8>) -> (tensor<1x2x3x3x3xf32>, tensor<1x2x2x3x3xf32>, tensor<1x2x3x3xui8>, tensor<1x2x3x3xi64>) {
  // CHECK: dlc.max_pool %{{.*}} {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 1, 2, 2>} : (tensor<1x2x4x6x6xf32>) -> tensor<1x2x3x3x3xf32>
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 1, 2, 2>} : (tensor<1x2x4x6x6xf32>) -> tensor<1x2x3x3x3xf32>
  // CHECK: dlc.avg_pool %{{.*}} {kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 2, 2, 2>}
  %1 = dlc.avg_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0, 0, 0>} : (tensor<1x2x4x6x6xf32>) -> tensor<1x2x2x3x3xf32>
  // CHECK: %{{.*}}, %{{.*}} = dlc.max_pool_with_indices %{{.*}} {kernel_shape = array<i64: 2, 2>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xui8>) -> (tensor<1x2x3x3xui8>, tensor<1x2x3x3xi64>)
  %2:2 = dlc.max_pool_with_indices %u {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, storage_order = 1} : (tensor<1x2x6x6xui8>) -> (tensor<1x2x3x3xui8>, tensor<1x2x3x3xi64>)
  return %0, %1, %2#0, %2#1 : tensor<1x2x3x3x3xf32>, tensor<1x2x2x3x3xf32>, tensor<1x2x3x3xui8>, tensor<1x2x3x3xi64>
}

// CHECK-LABEL: func @transformer_ops
func.func @transformer_ops(%x: tensor<2x4x8xf32>, %g: tensor<8xf32>) -> (tensor<2x4x8xf32>, tensor<2x1x8xf32>, tensor<2x4xf32>, tensor<f32>) {
  // CHECK: dlc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999997E-7 : f32}
  %0 = dlc.layer_norm %x, %g, %g {epsilon = 1.0e-6 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  // CHECK: dlc.softmax %{{.*}} {axis = 1 : i64} : tensor<2x4x8xf32>
  %1 = dlc.softmax %0 {axis = 1 : i64} : tensor<2x4x8xf32>
  // CHECK: dlc.reduce_sum %{{.*}} {axes = array<i64: 1>}
  %2 = dlc.reduce_sum %1 {axes = array<i64: 1>} : (tensor<2x4x8xf32>) -> tensor<2x1x8xf32>
  // CHECK: dlc.reduce_mean %{{.*}} {axes = array<i64: -1>, keepdims = false}
  %3 = dlc.reduce_mean %1 {axes = array<i64: -1>, keepdims = false} : (tensor<2x4x8xf32>) -> tensor<2x4xf32>
  // CHECK: dlc.reduce_max %{{.*}} {keepdims = false} : (tensor<2x4x8xf32>) -> tensor<f32>
  %4 = dlc.reduce_max %1 {keepdims = false} : (tensor<2x4x8xf32>) -> tensor<f32>
  // CHECK: dlc.reduce_prod %{{.*}} {axes = array<i64: 0>} : (tensor<2x4x8xf32>) -> tensor<1x4x8xf32>
  %p = dlc.reduce_prod %1 {axes = array<i64: 0>} : (tensor<2x4x8xf32>) -> tensor<1x4x8xf32>
  return %1, %2, %3, %4 : tensor<2x4x8xf32>, tensor<2x1x8xf32>, tensor<2x4xf32>, tensor<f32>
}

// CHECK-LABEL: func @shape_ops
func.func @shape_ops(%x: tensor<2x3x4xf32>, %i: tensor<5xi64>) -> (tensor<4x2x3xf32>, tensor<6x4xf32>, tensor<2x6x4xf32>, tensor<1x3x2xf32>, tensor<2x5x4xf32>) {
  %c = dlc.constant dense<1.0> : tensor<2x3x4xf32>
  // CHECK: dlc.constant dense<1.000000e+00> : tensor<2x3x4xf32>
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // CHECK: dlc.transpose %{{.*}} {perm = array<i64: 2, 0, 1>}
  %1 = dlc.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK: dlc.reshape %{{.*}} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %2 = dlc.concat %x, %c {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
  // CHECK: dlc.concat %{{.*}}, %{{.*}} {axis = 1 : i64}
  %3 = dlc.slice %x {starts = array<i64: 1, 0, 1>, ends = array<i64: 2, 3, 4>, steps = array<i64: 1, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x2xf32>
  // CHECK: dlc.slice
  %4 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<5xi64>) -> tensor<2x5x4xf32>
  // CHECK: dlc.gather %{{.*}}, %{{.*}} {axis = 1 : i64}
  return %0, %1, %2, %3, %4 : tensor<4x2x3xf32>, tensor<6x4xf32>, tensor<2x6x4xf32>, tensor<1x3x2xf32>, tensor<2x5x4xf32>
}

// CHECK-LABEL: func @kernel
func.func @kernel(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: dlc.kernel "cpu"(%{{.*}} : tensor<4xf32>) -> tensor<4xf32> {
  // CHECK-NEXT: ^bb0(%[[ARG:.*]]: tensor<4xf32>):
  // CHECK-NEXT: %[[R:.*]] = dlc.relu %[[ARG]]
  // CHECK-NEXT: dlc.yield %[[R]] : tensor<4xf32>
  %0 = dlc.kernel "cpu"(%x : tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%arg: tensor<4xf32>):
    %r = dlc.relu %arg : tensor<4xf32>
    dlc.yield %r : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func @logic_ops
func.func @logic_ops(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: dlc.compare "lt", %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %0 = dlc.compare "lt", %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: dlc.not %{{.*}} : tensor<2x3xi1>
  %1 = dlc.not %0 : tensor<2x3xi1>
  // CHECK: dlc.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = dlc.select %1, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.abs
  %3 = dlc.abs %2 : tensor<2x3xf32>
  // CHECK: dlc.broadcast_to %{{.*}} : tensor<3xf32> -> tensor<2x3xf32>
  %4 = dlc.broadcast_to %b : tensor<3xf32> -> tensor<2x3xf32>
  return %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func @more_ops
func.func @more_ops(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  // CHECK: dlc.floor
  %0 = dlc.floor %a : tensor<2x3xf32>
  // CHECK: dlc.atanh
  %1 = dlc.atanh %0 : tensor<2x3xf32>
  // CHECK: dlc.pad %{{.*}} {high = array<i64: 2, 0>, low = array<i64: 0, 0>, value = 1.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  %2 = dlc.pad %a {low = array<i64: 0, 0>, high = array<i64: 2, 0>, value = 1.0 : f64} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return %1, %2 : tensor<2x3xf32>, tensor<4x3xf32>
}

// CHECK-LABEL: func @argmax
// CHECK: dlc.argmax %{{.*}} {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
func.func @argmax(%a: tensor<2x3xf32>) -> tensor<2xi64> {
  %0 = dlc.argmax %a {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// CHECK-LABEL: func @transfer
func.func @transfer(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: dlc.transfer %{{.*}} from "cpu" to "cuda" : tensor<2x3xf32>
  %0 = dlc.transfer %x from "cpu" to "cuda" : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func @remainders_and_gathers
func.func @remainders_and_gathers(%a: tensor<2x3xi64>, %x: tensor<2x3xf32>, %i: tensor<2x2xi64>, %j: tensor<2x1xi32>) -> (tensor<2x3xi64>, tensor<2x3xf32>, tensor<2x2xf32>, tensor<2xf32>) {
  // CHECK: dlc.mod %{{.*}}, %{{.*}} : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  %0 = dlc.mod %a, %a : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  // CHECK: dlc.mod %{{.*}}, %{{.*}} {fmod = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = dlc.mod %x, %x {fmod = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.gather_elements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  %2 = dlc.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  // CHECK: dlc.gather_nd %{{.*}}, %{{.*}} {batch_dims = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  %3 = dlc.gather_nd %x, %j {batch_dims = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2x3xi64>, tensor<2x3xf32>, tensor<2x2xf32>, tensor<2xf32>
}
