// RUN: %check-numeric --target=cuda --dlc-flag=--cuda-matmul-precision=tf32 %s | FileCheck %s
// CHECK: PASS
// Tensor cores with tf32 inputs: the reference rounds the inputs the same
// way (nearest, ties away), so only the f32 accumulation differs: at most
// K * 2^-23 * max|partial sum| = 70 * 1.2e-7 * 8 = 7e-5 even if the tensor
// cores truncate. Edges: M, N, K are not multiples of the 64x64x16 tiles.
// REF: npref.tf32(x[0]).astype(np.float64) @ npref.tf32(x[1])
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%a: tensor<100x70xf32>, %b: tensor<70x130xf32>) -> tensor<100x130xf32> {
  %0 = dlc.matmul %a, %b : (tensor<100x70xf32>, tensor<70x130xf32>) -> tensor<100x130xf32>
  return %0 : tensor<100x130xf32>
}
