// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @constant
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
func.func @constant() -> tensor<2xf32> {
  %0 = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// A reshape with a common reassociation is one collapse or expand; any
// other goes through a flat tensor.
// CHECK-LABEL: func @reshapes
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [4, 6]
func.func @reshapes(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<4x6xf32>) {
  %0 = dlc.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = dlc.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  return %0, %1 : tensor<6x4xf32>, tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func @transpose
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK: tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 5] [1, 1]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = dlc.concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func @slice
// CHECK: tensor.extract_slice %{{.*}}[1, 2] [2, 3] [2, 3] : tensor<5x9xf32> to tensor<2x3xf32>
func.func @slice(%x: tensor<5x9xf32>) -> tensor<2x3xf32> {
  %0 = dlc.slice %x {starts = array<i64: 1, 2>, ends = array<i64: 4, 9>, steps = array<i64: 2, 3>} : (tensor<5x9xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Gather wraps negative indices and clamps to the axis, then extracts.
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<2xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[IDX]], #{{.*}}]{{.*}} ins(%[[I]] : tensor<2xi64>)
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[RAW:.*]] = arith.index_cast
// CHECK: arith.cmpi slt, %[[RAW]]
// CHECK: arith.select
// CHECK: arith.minsi
// CHECK: %[[IX:.*]] = arith.maxsi
// CHECK: tensor.extract %[[X]][%[[ROW]], %[[IX]]]
func.func @gather(%x: tensor<3x4xf32>, %i: tensor<2xi64>) -> tensor<3x2xf32> {
  %0 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// gather_elements: the index replaces the axis coordinate.
// CHECK-LABEL: func @gather_elements
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<3x2xi64>)
// CHECK: linalg.generic {{.*}} ins(%[[I]] : tensor<3x2xi64>)
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[IX:.*]] = arith.maxsi
// CHECK: tensor.extract %[[X]][%[[ROW]], %[[IX]]]
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  %0 = dlc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// gather_nd: each result element reads its coordinate tuple from the
// indices (batch dim shared), then extracts from the input.
// CHECK-LABEL: func @gather_nd
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x5xf32>, %[[I:.*]]: tensor<2x3x1xi64>)
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK: %[[B:.*]] = linalg.index 0 : index
// CHECK: %[[T:.*]] = linalg.index 1 : index
// CHECK: %[[L:.*]] = linalg.index 2 : index
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[B]], %[[T]], %{{.*}}]
// CHECK: %[[IX:.*]] = arith.maxsi
// CHECK: tensor.extract %[[X]][%[[B]], %[[IX]], %[[L]]]
func.func @gather_nd(%x: tensor<2x4x5xf32>, %i: tensor<2x3x1xi64>) -> tensor<2x3x5xf32> {
  %0 = dlc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x4x5xf32>, tensor<2x3x1xi64>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// CHECK-LABEL: func @pad
// CHECK: %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: tensor.pad %{{.*}} low[0, 1] high[2, 0]
// CHECK: tensor.yield %[[V]]
func.func @pad(%x: tensor<2x3xf32>) -> tensor<4x4xf32> {
  %0 = dlc.pad %x {low = array<i64: 0, 1>, high = array<i64: 2, 0>, value = 1.5 : f64} : (tensor<2x3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
