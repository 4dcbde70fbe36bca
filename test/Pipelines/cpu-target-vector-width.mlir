// Code generation follows the target description of --cpu: vectors of the
// width at which the CPU's FMAs run at full rate. Zen 5 and Intel's
// AVX-512 servers run 512-bit FMAs whole, so a 64x64x64 matmul's register
// tile is 8 rows of two 16-lane vectors (one 32-lane multiply-add per row);
// Zen 4 splits 512-bit FMAs in two and keeps 256-bit vectors (16 lanes per
// row), as do AVX2 CPUs, with 6 rows for their 16 registers (6 + 4 rows).
// RUN: dlc compile %s --cpu=znver5 --emit=llvm -o - | FileCheck %s --check-prefix=ZEN5
// RUN: dlc compile %s --cpu=sapphirerapids --emit=llvm -o - | FileCheck %s --check-prefix=ZEN5
// RUN: dlc compile %s --cpu=znver4 --emit=llvm -o - | FileCheck %s --check-prefix=ZEN4
// RUN: dlc compile %s --cpu=x86-64-v3 --emit=llvm -o - | FileCheck %s --check-prefix=AVX2
// ZEN5-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
// ZEN5-NOT: llvm.intr.fmuladd
// ZEN4-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// ZEN4-NOT: llvm.intr.fmuladd
// AVX2-COUNT-10: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// AVX2-NOT: llvm.intr.fmuladd

// The artifact records the description; dlc inspect shows it.
// RUN: dlc compile %s --cpu=znver4 -o %t.so
// RUN: dlc inspect %t.so | FileCheck %s --check-prefix=INSPECT
// INSPECT: cpu-target: cpu=znver4 isa=512 full-rate=256(table) regs=32 l1d=32K l2=1M l3=32M
// On the compiling host the width is measured where it has AVX-512.
// RUN: dlc compile %s -o %t-native.so
// RUN: dlc inspect %t-native.so | FileCheck %s --check-prefix=NATIVE
// NATIVE: cpu-target: cpu={{[a-z0-9-]+}} isa={{128|256|512}} full-rate={{128\(features\)|256\(features\)|256\(measured\)|512\(measured\)}} regs={{16|32}}
// RUN: not dlc compile %s --cpu=pentium-pro-9000 -o %t.so 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: unknown CPU 'pentium-pro-9000'
func.func @main(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = dlc.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
