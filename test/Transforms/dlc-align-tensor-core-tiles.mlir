// RUN: dlc-opt %s --pass-pipeline='builtin.module(gpu.module(dlc-align-tensor-core-tiles))' | FileCheck %s

// Workgroup buffers that WMMA loads and stores access, directly or through
// a view, get 32-byte alignment; others keep their natural alignment, and a
// larger alignment stays.
// CHECK-LABEL: gpu.func @kernel
// CHECK-SAME: workgroup(%{{.*}}: memref<64x20xf32, #gpu.address_space<workgroup>> {llvm.align = 32 : i64}, %{{.*}}: memref<64x68xf32, #gpu.address_space<workgroup>> {llvm.align = 32 : i64}, %{{.*}}: memref<128xf32, #gpu.address_space<workgroup>>, %{{.*}}: memref<64x68xf32, #gpu.address_space<workgroup>> {llvm.align = 64 : i64})
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @kernel(%out: memref<16x16xf32>)
        workgroup(%a: memref<64x20xf32, #gpu.address_space<workgroup>>,
                  %c: memref<64x68xf32, #gpu.address_space<workgroup>>,
                  %other: memref<128xf32, #gpu.address_space<workgroup>>,
                  %wide: memref<64x68xf32, #gpu.address_space<workgroup>> {llvm.align = 64 : i64})
        kernel {
      %c0 = arith.constant 0 : index
      %c16 = arith.constant 16 : index
      %f = gpu.subgroup_mma_load_matrix %a[%c16, %c0] {leadDimension = 20 : index} : memref<64x20xf32, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x8xf32, "AOp">
      %view = memref.subview %c[16, 16] [16, 16] [1, 1] : memref<64x68xf32, #gpu.address_space<workgroup>> to memref<16x16xf32, strided<[68, 1], offset: 1104>, #gpu.address_space<workgroup>>
      %acc = gpu.subgroup_mma_load_matrix %wide[%c0, %c0] {leadDimension = 68 : index} : memref<64x68xf32, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x16xf32, "COp">
      gpu.subgroup_mma_store_matrix %acc, %view[%c0, %c0] {leadDimension = 68 : index} : !gpu.mma_matrix<16x16xf32, "COp">, memref<16x16xf32, strided<[68, 1], offset: 1104>, #gpu.address_space<workgroup>>
      %x = memref.load %other[%c0] : memref<128xf32, #gpu.address_space<workgroup>>
      memref.store %x, %out[%c0, %c0] : memref<16x16xf32>
      gpu.return
    }
  }
}
