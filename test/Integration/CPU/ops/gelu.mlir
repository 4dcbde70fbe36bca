// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.gelu(x[0])
// INPUT 0: uniform -4 4
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.gelu %a : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
