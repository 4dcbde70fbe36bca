// Contractions on tensor cores (--cuda-matmul-precision): WMMA fragments
// loaded from 32-byte aligned shared memory, inputs rounded as they are
// staged, f32 accumulators; 4 warps per block, no local-memory spills.
// RUN: dlc compile %s --target=cuda --cuda-matmul-precision=tf32 --emit=ptx | FileCheck %s --check-prefixes=CHECK,TF32
// RUN: dlc compile %s --target=cuda --cuda-matmul-precision=f16 --emit=ptx | FileCheck %s --check-prefixes=CHECK,F16
// RUN: dlc compile %s --target=cuda --cuda-matmul-precision=tf32 --cuda-arch=sm_80 --emit=ptx | FileCheck %s --check-prefixes=CHECK,TF32
// RUN: dlc compile %s --target=cuda --emit=ptx | FileCheck %s --check-prefix=EXACT

// The first kernel zero-fills C, the second multiplies.
// CHECK: // gpu.module
// CHECK: // gpu.module
// CHECK: .maxntid 128, 1, 1
// CHECK-DAG: .shared .align 32 .b8 {{__wg_main_kernel_[0-9]+}}[5120];
// TF32-DAG: .shared .align 32 .b8 {{__wg_main_kernel_[0-9]+}}[4352];
// F16-DAG: .shared .align 32 .b8 {{__wg_main_kernel_[0-9]+}}[4608];
// CHECK-DAG: .shared .align 32 .b8 {{__wg_main_kernel_[0-9]+}}[17408];
// CHECK-NOT: .local
// CHECK: wmma.load.c.sync.aligned.row.m16n16k16.shared.f32
// TF32: cvt.rna.tf32.f32
// F16: cvt.rn.f16.f32
// CHECK: bar.sync
// TF32: wmma.load.a.sync.aligned.row.m16n16k8.shared.tf32
// TF32: wmma.load.b.sync.aligned.row.m16n16k8.shared.tf32
// TF32: wmma.mma.sync.aligned.row.row.m16n16k8.f32.tf32.tf32.f32
// F16: wmma.load.a.sync.aligned.row.m16n16k16.shared.f16
// F16: wmma.load.b.sync.aligned.row.m16n16k16.shared.f16
// F16: wmma.mma.sync.aligned.row.row.m16n16k16.f32.f32
// CHECK: wmma.store.d.sync.aligned.row.m16n16k16.shared.f32

// By default contractions stay exact: f32 fmas, no tensor cores.
// EXACT-NOT: wmma
// EXACT: fma.rn.f32
// EXACT-NOT: wmma
func.func @main(%a: tensor<100x70xf32>, %b: tensor<70x130xf32>) -> tensor<100x130xf32> {
  %0 = dlc.matmul %a, %b : (tensor<100x70xf32>, tensor<70x130xf32>) -> tensor<100x130xf32>
  return %0 : tensor<100x130xf32>
}
