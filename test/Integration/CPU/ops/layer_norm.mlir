// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (npref.layer_norm(x[0], x[1], x[2]), npref.layer_norm(x[0], x[3], axis=1, eps=1e-3))
// TOL: rtol=1e-4 atol=1e-5
func.func @main(%x: tensor<2x4x16xf32>, %s: tensor<16xf32>, %b: tensor<16xf32>, %s2: tensor<4x16xf32>) -> (tensor<2x4x16xf32>, tensor<2x4x16xf32>) {
  %0 = dlc.layer_norm %x, %s, %b : (tensor<2x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %1 = dlc.layer_norm %x, %s2 {axis = 1 : i64, epsilon = 1.0e-03 : f32} : (tensor<2x4x16xf32>, tensor<4x16xf32>) -> tensor<2x4x16xf32>
  return %0, %1 : tensor<2x4x16xf32>, tensor<2x4x16xf32>
}
