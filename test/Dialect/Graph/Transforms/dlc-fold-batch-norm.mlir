// RUN: dlc-opt %s -split-input-file -dlc-fold-batch-norm | FileCheck %s

// s = gamma / sqrt(var + eps) = [1, 2]; W' = W * s; b' = (b - mean) * s + beta.
// CHECK-LABEL: func @conv
// CHECK-DAG: %[[W:.*]] = dlc.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = dlc.constant dense<[1.000000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = dlc.conv2d %arg0, %[[W]], %[[B]] {strides = array<i64: 2, 2>}
// CHECK-NOT: dlc.batch_norm
// CHECK: return %[[C]]
func.func @conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = dlc.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = dlc.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %gamma = dlc.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = dlc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = dlc.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = dlc.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Columns of B scale by s = [2, 0.5]; c' = beta * c * s - mean * s + bias.
// CHECK-LABEL: func @gemm
// CHECK-DAG: %[[W:.*]] = dlc.constant dense<{{\[\[}}2.000000e+00, 1.000000e+00], [6.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = dlc.constant dense<[2.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK: %[[G:.*]] = dlc.gemm %arg0, %[[W]], %[[C]] : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK: return %[[G]]
func.func @gemm(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = dlc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %c = dlc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %gamma = dlc.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = dlc.constant dense<0.0> : tensor<2xf32>
  %mean = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = dlc.constant dense<0.0> : tensor<2xf32>
  %0 = dlc.gemm %a, %w, %c {beta = 2.0 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %1 = dlc.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Transposed B ([N, K]) scales its rows.
// CHECK-LABEL: func @gemm_trans_b
// CHECK: dlc.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00], [1.500000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK: dlc.gemm {{.*}} {trans_b = true}
func.func @gemm_trans_b(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = dlc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %gamma = dlc.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %zero = dlc.constant dense<0.0> : tensor<2xf32>
  %0 = dlc.gemm %a, %w {trans_b = true} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = dlc.batch_norm %0, %gamma, %zero, %zero, %zero {epsilon = 1.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Not folded: the convolution has another user, or the statistics are not
// constants.
// CHECK-LABEL: func @not_folded
// CHECK-COUNT-2: dlc.batch_norm
func.func @not_folded(%x: tensor<1x2x2x2xf32>, %mean: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = dlc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %one = dlc.constant dense<1.0> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.batch_norm %0, %one, %one, %one, %one : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %2 = dlc.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = dlc.batch_norm %2, %one, %one, %mean, %one : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1, %3 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
