// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.maximum(x[0], 0.0)
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.clamp %a {min = 0.0 : f32} : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
