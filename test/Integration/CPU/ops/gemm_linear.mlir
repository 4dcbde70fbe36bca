// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.gemm(x[0], x[1], x[2], trans_b=True)
func.func @main(%x: tensor<3x8xf32>, %w: tensor<16x8xf32>, %b: tensor<16xf32>) -> tensor<3x16xf32> {
  %0 = dlc.gemm %x, %w, %b {trans_b = true} : (tensor<3x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<3x16xf32>
  return %0 : tensor<3x16xf32>
}
