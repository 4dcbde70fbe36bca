// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.erf(x[0])
// INPUT 0: uniform -3 3
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.erf %a : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
