// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.sigmoid(x[0])
// INPUT 0: uniform -8 8
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.sigmoid %a : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
