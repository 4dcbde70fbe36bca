// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: np.clip(x[0], -0.5, 0.25)
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.clamp %a {min = -5.0e-01 : f32, max = 2.5e-01 : f32} : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
