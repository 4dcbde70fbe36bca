// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: -x[0]
func.func @main(%a: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.neg %a : tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
