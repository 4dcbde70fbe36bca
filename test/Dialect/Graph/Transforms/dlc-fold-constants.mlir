// RUN: dlc-opt %s --dlc-fold-constants --split-input-file | FileCheck %s

// YOLOv8-style anchor grid: the image width picked from a shape vector,
// cast to float; the chain folds to one constant.
// CHECK-LABEL: func.func @shape_gather_cast
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<1.600000e+01> : tensor<f32>
// CHECK-NEXT: return %[[C]]
func.func @shape_gather_cast() -> tensor<f32> {
  %shape = dlc.constant dense<[1, 3, 8, 16]> : tensor<4xi64>
  %index = dlc.constant dense<3> : tensor<i64>
  %w = dlc.gather %shape, %index {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %f = dlc.cast %w : tensor<i64> -> tensor<f32>
  return %f : tensor<f32>
}

// -----

// PaddlePaddle-style int32 shape math: slice, product, division, concat.
// CHECK-LABEL: func.func @int32_shape_math
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<[2, 3, 12, 2]> : tensor<4xi64>
// CHECK-NEXT: return %[[C]]
func.func @int32_shape_math() -> tensor<4xi64> {
  %s = dlc.constant dense<[2, 3, 4, 6]> : tensor<4xi32>
  %nc = dlc.slice %s {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<4xi32>) -> tensor<2xi32>
  %hw = dlc.slice %s {starts = array<i64: 2>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<4xi32>) -> tensor<2xi32>
  %area = dlc.reduce_prod %hw {keepdims = true} : (tensor<2xi32>) -> tensor<1xi32>
  %two = dlc.constant dense<2> : tensor<1xi32>
  %pairs = dlc.div %area, %two : (tensor<1xi32>, tensor<1xi32>) -> tensor<1xi32>
  %cat = dlc.concat %nc, %pairs, %two {axis = 0 : i64} : (tensor<2xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<4xi32>
  %r = dlc.cast %cat : tensor<4xi32> -> tensor<4xi64>
  return %r : tensor<4xi64>
}

// -----

// torch F.pad at opset 17: pad pairs reversed with a backward gather and
// transposed.
// CHECK-LABEL: func.func @torch_pads
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<[0, 0, 0, 1, 0, 0, 3, 2]> : tensor<8xi64>
// CHECK-NEXT: return %[[C]]
func.func @torch_pads() -> tensor<8xi64> {
  %pairs = dlc.constant dense<[[1, 2], [0, 3], [0, 0], [0, 0]]> : tensor<4x2xi64>
  %rev = dlc.constant dense<[3, 2, 1, 0]> : tensor<4xi64>
  %r = dlc.gather %pairs, %rev {axis = 0 : i64} : (tensor<4x2xi64>, tensor<4xi64>) -> tensor<4x2xi64>
  %t = dlc.transpose %r {perm = array<i64: 1, 0>} : (tensor<4x2xi64>) -> tensor<2x4xi64>
  %f = dlc.reshape %t : tensor<2x4xi64> -> tensor<8xi64>
  return %f : tensor<8xi64>
}

// -----

// Integer semantics: division truncates, x / 0 is 0, Mod takes the sign of
// the divisor (of the dividend with fmod), unsigned types compare unsigned.
// CHECK-LABEL: func.func @integer_semantics
// CHECK-DAG: dlc.constant dense<[-3, 0, 2]> : tensor<3xi64>
// CHECK-DAG: dlc.constant dense<[1, 0, 1]> : tensor<3xi64>
// CHECK-DAG: dlc.constant dense<[-1, 0, 1]> : tensor<3xi64>
// CHECK-DAG: dlc.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: dlc.constant dense<[200, 7, 7]> : tensor<3xui8>
// CHECK-NOT: dlc.div
// CHECK-NOT: dlc.mod
// CHECK-NOT: dlc.compare
// CHECK-NOT: dlc.maximum
func.func @integer_semantics() -> (tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi1>, tensor<3xui8>) {
  %a = dlc.constant dense<[-7, 5, 7]> : tensor<3xi64>
  %b = dlc.constant dense<[2, 0, 3]> : tensor<3xi64>
  %q = dlc.div %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %m = dlc.mod %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %f = dlc.mod %a, %b {fmod = true} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %u = dlc.constant dense<[200, 1, 2]> : tensor<3xui8>
  %seven = dlc.constant dense<7> : tensor<ui8>
  %c = dlc.compare "gt", %u, %seven : (tensor<3xui8>, tensor<ui8>) -> tensor<3xi1>
  %mx = dlc.maximum %u, %seven : (tensor<3xui8>, tensor<ui8>) -> tensor<3xui8>
  return %q, %m, %f, %c, %mx : tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi1>, tensor<3xui8>
}

// -----

// Floats, comparisons with NaN, select and casts in both directions.
// CHECK-LABEL: func.func @floats_and_casts
// CHECK-DAG: dlc.constant dense<[1.500000e+00, 0x7FC00000, -1.000000e+00]> : tensor<3xf32>
// CHECK-DAG: dlc.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG: dlc.constant dense<[2.500000e+00, 4.000000e+00, 4.000000e+00]> : tensor<3xf64>
// CHECK-DAG: dlc.constant dense<[1, -2, 3]> : tensor<3xi32>
// CHECK-DAG: dlc.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf16>
func.func @floats_and_casts() -> (tensor<3xf32>, tensor<3xi1>, tensor<3xf64>, tensor<3xi32>, tensor<3xf16>) {
  %x = dlc.constant dense<[1.0, 0x7FC00000, -4.0]> : tensor<3xf32>
  %one = dlc.constant dense<[1.0, 1.0, 1.0]> : tensor<3xf32>
  %two = dlc.constant dense<2.0> : tensor<f32>
  %d = dlc.div %x, %two : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %out = dlc.add %d, %one : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %ne = dlc.compare "ne", %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %cond = dlc.constant dense<[true, false, false]> : tensor<3xi1>
  %p = dlc.constant dense<[2.5, 0.0, 0.0]> : tensor<3xf64>
  %q = dlc.constant dense<4.0> : tensor<f64>
  %sel = dlc.select %cond, %p, %q : (tensor<3xi1>, tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %g = dlc.constant dense<[1.9, -2.7, 3.2]> : tensor<3xf32>
  %i = dlc.cast %g : tensor<3xf32> -> tensor<3xi32>
  %n = dlc.constant dense<[1, 2, 3]> : tensor<3xi64>
  %half = dlc.cast %n : tensor<3xi64> -> tensor<3xf16>
  return %out, %ne, %sel, %i, %half : tensor<3xf32>, tensor<3xi1>, tensor<3xf64>, tensor<3xi32>, tensor<3xf16>
}

// -----

// Data movement on constants: broadcast, pad, transpose of a 3-D tensor.
// CHECK-LABEL: func.func @data_movement
// CHECK-DAG: dlc.constant dense<{{\[\[}}1, 2], [1, 2], [1, 2]]> : tensor<3x2xi8>
// CHECK-DAG: dlc.constant dense<{{\[\[}}9, 9, 9], [9, 1, 2]]> : tensor<2x3xi8>
// CHECK-DAG: dlc.constant dense<{{\[\[\[}}0, 2], [4, 6]], {{\[\[}}1, 3], [5, 7]]]> : tensor<2x2x2xi16>
func.func @data_movement() -> (tensor<3x2xi8>, tensor<2x3xi8>, tensor<2x2x2xi16>) {
  %v = dlc.constant dense<[[1, 2]]> : tensor<1x2xi8>
  %b = dlc.broadcast_to %v : tensor<1x2xi8> -> tensor<3x2xi8>
  %p = dlc.pad %v {low = array<i64: 1, 1>, high = array<i64: 0, 0>, value = 9.0 : f64} : (tensor<1x2xi8>) -> tensor<2x3xi8>
  %t = dlc.constant dense<[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]> : tensor<2x2x2xi16>
  %tt = dlc.transpose %t {perm = array<i64: 2, 0, 1>} : (tensor<2x2x2xi16>) -> tensor<2x2x2xi16>
  return %b, %p, %tt : tensor<3x2xi8>, tensor<2x3xi8>, tensor<2x2x2xi16>
}

// -----

// Ops with a run-time operand stay; a non-splat result of more than 65536
// elements stays run-time work; splats fold at any size.
// CHECK-LABEL: func.func @limits
// CHECK-DAG: dlc.add %arg0
// CHECK-DAG: dlc.broadcast_to %{{.*}} : tensor<1x2xf32> -> tensor<32769x2xf32>
// CHECK-DAG: dlc.constant dense<4.000000e+00> : tensor<1024x1024xf32>
// CHECK-NOT: dlc.mul
func.func @limits(%arg0: tensor<4xf32>) -> (tensor<4xf32>, tensor<32769x2xf32>, tensor<1024x1024xf32>) {
  %c = dlc.constant dense<1.0> : tensor<4xf32>
  %r = dlc.add %arg0, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %row = dlc.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %big = dlc.broadcast_to %row : tensor<1x2xf32> -> tensor<32769x2xf32>
  %s = dlc.constant dense<2.0> : tensor<1024x1024xf32>
  %es = dlc.mul %s, %s : (tensor<1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  return %r, %big, %es : tensor<4xf32>, tensor<32769x2xf32>, tensor<1024x1024xf32>
}

// -----

// Negative axes (I64Attr reads as unsigned; the folders once indexed with
// 2^64-2 and crashed).
// CHECK-LABEL: func.func @negative_axes
// CHECK-DAG: dlc.constant dense<{{\[}}[0, 1, 10, 11], [2, 3, 12, 13]]> : tensor<2x4xi64>
// CHECK-DAG: dlc.constant dense<[3, 2]> : tensor<2xi64>
// CHECK-NOT: dlc.concat
// CHECK-NOT: dlc.gather
func.func @negative_axes() -> (tensor<2x4xi64>, tensor<2xi64>) {
  %a = dlc.constant dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>
  %b = dlc.constant dense<[[10, 11], [12, 13]]> : tensor<2x2xi64>
  %cat = dlc.concat %a, %b {axis = -1 : i64} : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x4xi64>
  %v = dlc.constant dense<[1, 2, 3]> : tensor<3xi64>
  %i = dlc.constant dense<[2, 1]> : tensor<2xi64>
  %g = dlc.gather %v, %i {axis = -1 : i64} : (tensor<3xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %cat, %g : tensor<2x4xi64>, tensor<2xi64>
}

// -----

// A gather from an empty tensor (the shape of a scalar) is the run time's
// to reject; the folder leaves it instead of reading past the input.
// CHECK-LABEL: func.func @gather_from_empty
// CHECK: dlc.gather
func.func @gather_from_empty() -> tensor<i64> {
  %shape = dlc.constant dense<> : tensor<0xi64>
  %index = dlc.constant dense<0> : tensor<i64>
  %n = dlc.gather %shape, %index {axis = 0 : i64} : (tensor<0xi64>, tensor<i64>) -> tensor<i64>
  return %n : tensor<i64>
}
