// Code generation follows the target description of --cpu. Register
// tiles: 8 rows of two vectors where AVX-512 gives 32 registers (Zen 4,
// Zen 5, Intel servers), 6 rows with AVX2's 16 (so 6 + 4 rows for 64). The
// vector width is the target's full-rate FMA width: 512 bits on Zen 5 (8
// rows of two 16-lane vectors), 256 on Zen 4, whose 512-bit FMAs run as two
// halves; --vector-bits overrides it.
// RUN: dlc compile %s --cpu=znver5 --emit=llvm -o - | FileCheck %s --check-prefix=ZMM
// RUN: dlc compile %s --cpu=znver4 --emit=llvm -o - | FileCheck %s --check-prefix=AVX512
// RUN: dlc compile %s --cpu=x86-64-v3 --emit=llvm -o - | FileCheck %s --check-prefix=AVX2
// RUN: dlc compile %s --cpu=znver5 --vector-bits=256 --emit=llvm -o - | FileCheck %s --check-prefix=AVX512
// RUN: dlc compile %s --cpu=znver4 --vector-bits=512 --emit=llvm -o - | FileCheck %s --check-prefix=ZMM
// AVX512-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// AVX512-NOT: llvm.intr.fmuladd
// AVX2-COUNT-10: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// AVX2-NOT: llvm.intr.fmuladd
// ZMM-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
// ZMM-NOT: llvm.intr.fmuladd
// RUN: not dlc compile %s --vector-bits=384 -o %t.so 2>&1 | FileCheck %s --check-prefix=BADBITS
// BADBITS: dlc: --vector-bits=384 is not a vector width (128, 256, 512)

// The artifact records the description (znver4: 512-bit ISA, FMAs at full
// rate at 256 bits; znver5: at 512); dlc inspect shows it.
// RUN: dlc compile %s --cpu=znver4 -o %t.so
// RUN: dlc inspect %t.so | FileCheck %s --check-prefix=INSPECT
// INSPECT: cpu-target: cpu=znver4 isa=512 full-rate=256(table) regs=32 l1d=32K l2=1M l3=32M
// RUN: dlc compile %s --cpu=znver5 -o %t5.so
// RUN: dlc inspect %t5.so | FileCheck %s --check-prefix=INSPECT5
// INSPECT5: cpu-target: cpu=znver5 isa=512 full-rate=512(table) regs=32 l1d=48K
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
