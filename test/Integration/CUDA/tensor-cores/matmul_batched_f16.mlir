// RUN: %check-numeric --target=cuda --dlc-flag=--cuda-matmul-precision=f16 %s | FileCheck %s
// CHECK: PASS
// Tensor cores with f16 inputs (batch on the grid's z): the reference
// rounds the inputs to f16 (nearest even); products of f16 values are exact
// in f32, so only the f32 accumulation differs, at most
// K * 2^-23 * max|partial sum| = 40 * 1.2e-7 * 6 = 3e-5.
// REF: np.matmul(npref.float16(x[0]).astype(np.float64), npref.float16(x[1]))
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%a: tensor<3x65x40xf32>, %b: tensor<3x40x72xf32>) -> tensor<3x65x72xf32> {
  %0 = dlc.matmul %a, %b : (tensor<3x65x40xf32>, tensor<3x40x72xf32>) -> tensor<3x65x72xf32>
  return %0 : tensor<3x65x72xf32>
}
