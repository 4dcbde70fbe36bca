// The PTX of each kernel shape: launch bounds, workgroup (shared) memory,
// barriers, fused multiply-adds, warp shuffles of block reductions.
// RUN: dlc compile %s --target=cuda --emit=ptx | FileCheck %s
// RUN: dlc compile %s --target=cuda --cuda-arch=sm_80 --emit=ptx | FileCheck %s --check-prefix=SM80

// SM80: .target sm_80
// SM80-NOT: .target sm_90

// Kernels in program order: C = 0, C += A * B, then the softmax.
// CHECK: .target sm_90

// Matmul: 16x16 threads, A and B slices staged in shared memory (A padded),
// a 4x4 register tile of fmas per k step, no local-memory spills.
// CHECK: .maxntid 16, 16, 1
// CHECK-DAG: .shared .align 4 .b8 {{__wg_main_kernel_[0-9]+}}[4160];
// CHECK-DAG: .shared .align 4 .b8 {{__wg_main_kernel_[0-9]+}}[4096];
// CHECK-NOT: .local
// CHECK: bar.sync
// CHECK-COUNT-16: fma.rn.f32
// CHECK: bar.sync

// Row max of the softmax: a block per row, reduced with warp shuffles.
// CHECK: // gpu.module
// CHECK: // gpu.module
// CHECK: .maxntid 256, 1, 1
// CHECK: shfl.sync.bfly.b32
// CHECK: bar.sync

// Elementwise exp: one thread per element (rows of 130 do not split into
// 16-byte vectors).
// CHECK: // gpu.module
// CHECK: .maxntid 256, 1, 1
// CHECK: ex2.approx

// Elementwise over rows of 128: 16 bytes per thread, vector loads and
// stores.
// CHECK: // gpu.module
// CHECK: .maxntid 256, 1, 1
// CHECK: ld.global.v4.b32
// CHECK: ld.global.v4.b32
// CHECK-COUNT-4: add.rn.f32
// CHECK: st.global.v4.b32
func.func @main(%a: tensor<100x70xf32>, %b: tensor<70x130xf32>, %c: tensor<64x128xf32>, %d: tensor<64x128xf32>) -> (tensor<100x130xf32>, tensor<64x128xf32>) {
  %0 = dlc.matmul %a, %b : (tensor<100x70xf32>, tensor<70x130xf32>) -> tensor<100x130xf32>
  %1 = dlc.softmax %0 : tensor<100x130xf32>
  %2 = dlc.add %c, %d : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<64x128xf32>
  return %1, %2 : tensor<100x130xf32>, tensor<64x128xf32>
}
