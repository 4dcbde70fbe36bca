// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s

// Grouped conv: padding is explicit, bias initializes the accumulator, and
// channels split into [G, C/G] for linalg.conv_2d_ngchw_gfchw.
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func @conv_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x6x6xf32>, %[[W:.*]]: tensor<8x2x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[CHANNEL]], {{.*}}]{{.*}} ins(%[[B]] : tensor<8xf32>)
// CHECK: %[[GX:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 8, 8]
// CHECK: %[[GW:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 4, 2, 3, 3]
// CHECK: %[[GI:.*]] = tensor.expand_shape %[[INIT]]
// CHECK: %[[CONV:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[GX]], %[[GW]] : {{.*}}) outs(%[[GI]] : tensor<1x2x4x3x3xf32>)
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x4x3x3xf32> into tensor<1x8x3x3xf32>
// CHECK: return %[[R]]
func.func @conv_grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x3x3xf32> {
  %0 = dlc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, group = 2 : i64} : (tensor<1x4x6x6xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// CHECK-LABEL: func @conv_plain
// CHECK-NOT: tensor.pad
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x6x4xf32>)
func.func @conv_plain(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x4xf32> {
  %0 = dlc.conv2d %x, %w {dilations = array<i64: 1, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x4xf32>
  return %0 : tensor<1x4x6x4xf32>
}

// -----

// Max pooling pads with -inf so padding never wins.
// CHECK-LABEL: func @max_pool
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad {{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG_INF]]
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%{{.*}}, %[[WINDOW]]
func.func @max_pool(%x: tensor<1x4x6x6xf32>) -> tensor<1x4x3x3xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

// Without count_include_pad each window divides by its own unpadded count,
// precomputed at compile time: corners see 4 elements, edges 6, inside 9.
// CHECK-LABEL: func @avg_pool
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK: %[[INV:.*]] = arith.constant dense<{{\[\[}}2.500000e-01, 0.166666672, 2.500000e-01], [0.166666672, 0.111111112, 0.166666672], [2.500000e-01, 0.166666672, 2.500000e-01]]> : tensor<3x3xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[INV]] : tensor<1x2x3x3xf32>, tensor<3x3xf32>)
// CHECK: arith.mulf
func.func @avg_pool(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func @global_avg_pool
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x3xf32>)
// CHECK: arith.constant 0.0833333358 : f32
// CHECK: tensor.expand_shape %[[MEAN]] {{\[}}[0], [1, 2, 3]] output_shape [2, 3, 1, 1]
func.func @global_avg_pool(%x: tensor<2x3x4x3xf32>) -> tensor<2x3x1x1xf32> {
  %0 = dlc.global_avg_pool %x : (tensor<2x3x4x3xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// -----

// 3-D windows are a generic over [N, C, out..., window...]; the input is
// read at out * stride + window * dilation.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2 + d5 * 2, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d6, d7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func @max_pool_3d
// CHECK: tensor.pad {{.*}} low[0, 0, 0, 1, 0] high[0, 0, 0, 1, 1]
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK: arith.cmpf ogt
// CHECK: arith.select
func.func @max_pool_3d(%x: tensor<1x2x5x6x6xf32>) -> tensor<1x2x3x4x3xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 1, 2, 2>, dilations = array<i64: 2, 1, 1>, pads = array<i64: 0, 1, 0, 0, 1, 1>} : (tensor<1x2x5x6x6xf32>) -> tensor<1x2x3x4x3xf32>
  return %0 : tensor<1x2x3x4x3xf32>
}

// -----

// Unsigned max pooling pads and starts with 0 and compares unsigned.
// CHECK-LABEL: func @max_pool_unsigned
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: tensor.yield %[[ZERO]]
// CHECK: linalg.fill ins(%[[ZERO]]
// CHECK: linalg.generic
// CHECK: arith.cmpi ugt
func.func @max_pool_unsigned(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}

// -----

// Indices: unpadded coordinates (out * stride + window - pad) are bounds
// checked, so padding never wins; the flat index is (n * C + c) * H * W +
// h * W + w; the index accumulator starts at -1 (no element yet).
// CHECK-LABEL: func @max_pool_with_indices
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: linalg.fill ins(%[[NONE]] : i64)
// CHECK: %{{.*}}:2 = linalg.generic
// CHECK: linalg.index 2
// CHECK: linalg.index 4
// CHECK: arith.subi
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: arith.cmpf ogt
// CHECK: linalg.yield
func.func @max_pool_with_indices(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) {
  %0:2 = dlc.max_pool_with_indices %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>)
  return %0#0, %0#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>
}

// -----

// 3-D average pooling sums with a generic and scales by precomputed
// per-window inverse counts over the three spatial dims.
// CHECK-LABEL: func @avg_pool_3d
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: arith.constant dense<{{.*}}> : tensor<2x2x2xf32>
// CHECK: arith.mulf
func.func @avg_pool_3d(%x: tensor<1x1x3x3x3xf32>) -> tensor<1x1x2x2x2xf32> {
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 1, 1, 1>} : (tensor<1x1x3x3x3xf32>) -> tensor<1x1x2x2x2xf32>
  return %0 : tensor<1x1x2x2x2xf32>
}
