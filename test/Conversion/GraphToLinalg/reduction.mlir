// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @reduce_mean_keepdims
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<4xf32>)
// CHECK: arith.constant 0.0666666701 : f32
// CHECK: tensor.expand_shape %[[MEAN]] {{\[}}[0, 1, 2]] output_shape [1, 4, 1]
func.func @reduce_mean_keepdims(%x: tensor<3x4x5xf32>) -> tensor<1x4x1xf32> {
  %0 = dlc.reduce_mean %x {axes = array<i64: 0, -1>} : (tensor<3x4x5xf32>) -> tensor<1x4x1xf32>
  return %0 : tensor<1x4x1xf32>
}

// -----

// Integer max starts from the smallest integer.
// CHECK-LABEL: func @reduce_max_int
// CHECK: arith.constant -9223372036854775808 : i64
// CHECK: arith.maxsi
func.func @reduce_max_int(%x: tensor<3x4xi64>) -> tensor<3xi64> {
  %0 = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : (tensor<3x4xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// A product starts from 1 and multiplies.
// CHECK-LABEL: func @reduce_prod
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.mulf
func.func @reduce_prod(%x: tensor<3x4xf32>) -> tensor<3xf32> {
  %0 = dlc.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : (tensor<3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Softmax: max, exp(x - max), sum, divide; statistics are read through a
// dimension-dropping map.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func @softmax
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]{{.*}} ins(%{{.*}}, %[[MAX]] :
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] :
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] :
// CHECK: arith.divf
func.func @softmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = dlc.softmax %x : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Layer norm: two reductions (sum, then sum of centered squares).
// CHECK-LABEL: func @layer_norm
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: %[[CENTERED:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[SUM]] :
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} ins(%[[CENTERED]] :
// CHECK: linalg.generic {{.*}} ins(%[[CENTERED]], %[[SQ]], %{{.*}}, %{{.*}} : tensor<2x4x8xf32>, tensor<2xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: math.rsqrt
func.func @layer_norm(%x: tensor<2x4x8xf32>, %s: tensor<8xf32>) -> tensor<2x4x8xf32> {
  %0 = dlc.layer_norm %x, %s, %s {axis = 1 : i64} : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// argmax carries (value, index) through one reduction; ties keep the first.
// CHECK-LABEL: func @argmax
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}}, %{{.*}} : tensor<3xf32>, tensor<3xi64>)
// CHECK: linalg.index 1
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: tensor.expand_shape %[[R]]#1
func.func @argmax(%x: tensor<3x5xf32>) -> tensor<3x1xi64> {
  %0 = dlc.argmax %x {axis = 1 : i64} : (tensor<3x5xf32>) -> tensor<3x1xi64>
  return %0 : tensor<3x1xi64>
}
