// RUN: dlc-opt %s -dlc-cpu-pipeline | FileCheck %s
// RUN: dlc-opt %s -dlc-graph-to-kernels | FileCheck %s --check-prefix=KERNELS

// The full CPU pipeline: kernels are inlined into the host entry (CPU
// kernels run in the caller's thread), which takes bare buffer pointers
// (inputs, then caller-allocated outputs) and allocates and frees the
// intermediate buffer through the runtime-hooked allocator. Rows of 3 lanes
// are vectorized.

// KERNELS: func.func private @main_kernel_0({{.*}}) -> tensor<2x3xf32> attributes {dlc.device = "cpu"}
// KERNELS: func.func private @main_kernel_1({{.*}}) -> tensor<2x3xf32> attributes {dlc.device = "cpu"}
// KERNELS: func.func @main
// KERNELS: call @main_kernel_0
// KERNELS: call @main_kernel_1

// CHECK-NOT: dlc.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-NOT: main_kernel
// CHECK-LABEL: llvm.func @main(
// CHECK-SAME: %[[X:.*]]: !llvm.ptr {{.*}}, %[[B:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr
// CHECK: %[[TMP:.*]] = llvm.call @_mlir_memref_to_llvm_alloc
// CHECK: llvm.load %[[B]] {{.*}} -> vector<3xf32>
// CHECK: llvm.fadd {{.*}} : vector<3xf32>
// CHECK: llvm.fcmp "ugt" {{.*}} : vector<3xf32>
// CHECK: llvm.select
// CHECK: llvm.getelementptr %[[OUT]]
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[TMP]])
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
