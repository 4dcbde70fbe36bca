// RUN: %check-numeric --target=cuda --dlc-flag=--cuda-matmul-precision=tf32 %s | FileCheck %s
// CHECK: PASS
// A linear layer (B transposed, bias in the accumulator): the bias is not
// rounded, only the matrix inputs; f32 accumulation over K = 48 terms,
// at most 48 * 1.2e-7 * 8 = 5e-5 apart.
// REF: npref.gemm(npref.tf32(x[0]), npref.tf32(x[1]).astype(np.float64), x[2], trans_b=True)
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<33x48xf32>, %w: tensor<80x48xf32>, %b: tensor<80xf32>) -> tensor<33x80xf32> {
  %0 = dlc.gemm %x, %w, %b {trans_b = true} : (tensor<33x48xf32>, tensor<80x48xf32>, tensor<80xf32>) -> tensor<33x80xf32>
  return %0 : tensor<33x80xf32>
}
