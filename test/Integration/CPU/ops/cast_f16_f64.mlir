// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// f16 results are compared at f16 precision (half an ulp of 2^-11 relative).
// REF: (x[0].astype(np.float16), x[1].astype(np.float32), x[2].astype(np.float64), x[0].astype(np.float16).astype(np.float32))
// TOL: rtol=5e-4 atol=1e-7
func.func @main(%a: tensor<3x4xf32>, %b: tensor<3x4xf64>, %c: tensor<5xf16>) -> (tensor<3x4xf16>, tensor<3x4xf32>, tensor<5xf64>, tensor<3x4xf32>) {
  %0 = dlc.cast %a : tensor<3x4xf32> -> tensor<3x4xf16>
  %1 = dlc.cast %b : tensor<3x4xf64> -> tensor<3x4xf32>
  %2 = dlc.cast %c : tensor<5xf16> -> tensor<5xf64>
  %3 = dlc.cast %0 : tensor<3x4xf16> -> tensor<3x4xf32>
  return %0, %1, %2, %3 : tensor<3x4xf16>, tensor<3x4xf32>, tensor<5xf64>, tensor<3x4xf32>
}
