// RUN: %check-numeric %s | FileCheck %s
// RUN: %check-numeric %s --cpu=x86-64-v3 | FileCheck %s
// CHECK: PASS
// bfloat16 casts round to nearest even, also on CPUs without AVX512-BF16
// (x86-64-v3), where they are integer arithmetic rather than a compiler-rt
// call. bf16 inputs hold exactly representable values, so casting them
// back to f32 and moving them are exact.
// INPUT 0: uniform -100 100
// REF: (npref.bfloat16(x[0]), x[1], x[1].T, npref.bfloat16(np.array([0.81910545, 1e30, np.inf, np.nan, -3.0], np.float32)))
// TOL: rtol=0 atol=0
func.func @main(%a: tensor<3x7xf32>, %b: tensor<2x3xbf16>) -> (tensor<3x7xbf16>, tensor<2x3xf32>, tensor<3x2xbf16>, tensor<5xbf16>) {
  %0 = dlc.cast %a : tensor<3x7xf32> -> tensor<3x7xbf16>
  %1 = dlc.cast %b : tensor<2x3xbf16> -> tensor<2x3xf32>
  %2 = dlc.transpose %b {perm = array<i64: 1, 0>} : (tensor<2x3xbf16>) -> tensor<3x2xbf16>
  %c = dlc.constant dense<[0.81910545, 1.0e30, 0x7F800000, 0x7FC00000, -3.0]> : tensor<5xf32>
  %3 = dlc.cast %c : tensor<5xf32> -> tensor<5xbf16>
  return %0, %1, %2, %3 : tensor<3x7xbf16>, tensor<2x3xf32>, tensor<3x2xbf16>, tensor<5xbf16>
}
