// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: npref.gemm(x[0], x[1], x[2], alpha=0.5, beta=2.0, trans_a=True, trans_b=True)
func.func @main(%a: tensor<6x4xf32>, %b: tensor<5x6xf32>, %c: tensor<5xf32>) -> tensor<4x5xf32> {
  %0 = dlc.gemm %a, %b, %c {alpha = 5.0e-01 : f32, beta = 2.0 : f32, trans_a = true, trans_b = true} : (tensor<6x4xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
