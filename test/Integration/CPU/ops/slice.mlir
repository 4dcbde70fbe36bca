// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.strided_slice(x[0], (1, 0, 2), (4, 5, 9), (2, 1, 3))
func.func @main(%x: tensor<5x5x9xf32>) -> tensor<2x5x3xf32> {
  %0 = dlc.slice %x {starts = array<i64: 1, 0, 2>, ends = array<i64: 4, 5, 9>, steps = array<i64: 2, 1, 3>} : (tensor<5x5x9xf32>) -> tensor<2x5x3xf32>
  return %0 : tensor<2x5x3xf32>
}
