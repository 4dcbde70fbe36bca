// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: 1 / np.sqrt(x[0].astype(np.float64))
// INPUT 0: uniform 0.01 10
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.rsqrt %a : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
