// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (npref.softmax(x[0], axis=-1), npref.softmax(x[0], axis=1))
// INPUT 0: uniform -10 10
func.func @main(%x: tensor<2x7x5xf32>) -> (tensor<2x7x5xf32>, tensor<2x7x5xf32>) {
  %0 = dlc.softmax %x : tensor<2x7x5xf32>
  %1 = dlc.softmax %x {axis = 1 : i64} : tensor<2x7x5xf32>
  return %0, %1 : tensor<2x7x5xf32>, tensor<2x7x5xf32>
}
