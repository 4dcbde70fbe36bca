// Contraction register tiles follow the target CPU's vector registers: 8
// rows of two 8-lane vectors (16 accumulators) where AVX-512VL gives 32
// registers, 6 rows (12 accumulators) with AVX2's 16. The K loop of a
// 64x64x64 matmul holds one multiply-add per tile row: 8 per tile on
// x86-64-v4; on x86-64-v3, 6 per tile plus 4 for the rows left (64 = 60 + 4).
// RUN: dlc compile %s --cpu=x86-64-v4 --emit=llvm -o - | FileCheck %s --check-prefix=V4
// RUN: dlc compile %s --cpu=x86-64-v3 --emit=llvm -o - | FileCheck %s --check-prefix=V3
// V4-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// V4-NOT: llvm.intr.fmuladd
// V3-COUNT-10: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// V3-NOT: llvm.intr.fmuladd
func.func @main(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = dlc.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
