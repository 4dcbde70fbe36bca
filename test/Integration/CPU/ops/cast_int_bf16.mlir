// RUN: %check-numeric %s | FileCheck %s
// RUN: %check-numeric %s --cpu=x86-64-v3 | FileCheck %s
// CHECK: PASS
// Integers to bfloat16 and back, also on CPUs without AVX512-BF16
// (x86-64-v3), where LLVM would otherwise call compiler-rt (the artifact
// failed to load: undefined symbol __truncsfbf2). Integers below 2^8 are
// exact in bf16, so both directions are exact; the constant rounds
// 1000001 (between bf16 neighbours 999424 and 1003520) to nearest.
// INPUT 0: int -200 200
// INPUT 1: int 0 250
// REF: (npref.bfloat16(x[0].astype(np.float32)), npref.bfloat16(x[1].astype(np.float32)), np.trunc(x[2]).astype(np.int32), npref.bfloat16(np.array([1000001.0, -7.0], np.float32)))
// TOL: rtol=0 atol=0
func.func @main(%a: tensor<4x9xi64>, %u: tensor<17xi32>, %b: tensor<2x3xbf16>) -> (tensor<4x9xbf16>, tensor<17xbf16>, tensor<2x3xi32>, tensor<2xbf16>) {
  %0 = dlc.cast %a : tensor<4x9xi64> -> tensor<4x9xbf16>
  %1 = dlc.cast %u : tensor<17xi32> -> tensor<17xbf16>
  %2 = dlc.cast %b : tensor<2x3xbf16> -> tensor<2x3xi32>
  %c = dlc.constant dense<[1000001, -7]> : tensor<2xi64>
  %3 = dlc.cast %c : tensor<2xi64> -> tensor<2xbf16>
  return %0, %1, %2, %3 : tensor<4x9xbf16>, tensor<17xbf16>, tensor<2x3xi32>, tensor<2xbf16>
}
