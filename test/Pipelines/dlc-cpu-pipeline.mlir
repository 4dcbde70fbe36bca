// RUN: dlc-opt %s -dlc-cpu-pipeline | FileCheck %s
// RUN: dlc-opt %s -dlc-graph-to-kernels | FileCheck %s --check-prefix=KERNELS

// The full CPU pipeline: kernels become LLVM functions taking bare buffer
// pointers (inputs, then caller-allocated outputs), called by the host
// entry, which allocates and frees the intermediate buffer.

// KERNELS: func.func private @main_kernel_0({{.*}}) -> tensor<2x3xf32> attributes {dlc.device = "cpu"}
// KERNELS: func.func private @main_kernel_1({{.*}}) -> tensor<2x3xf32> attributes {dlc.device = "cpu"}
// KERNELS: func.func @main
// KERNELS: call @main_kernel_0
// KERNELS: call @main_kernel_1

// CHECK-NOT: dlc.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-LABEL: llvm.func @main_kernel_0(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.fadd
// CHECK-LABEL: llvm.func @main_kernel_1(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.fcmp "ugt"
// CHECK: llvm.select
// CHECK-LABEL: llvm.func @main(
// CHECK-SAME: %[[X:.*]]: !llvm.ptr {{.*}}, %[[B:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr
// CHECK: %[[TMP:.*]] = llvm.call @malloc
// CHECK: llvm.call @main_kernel_0(%[[X]], %[[B]], %[[TMP]])
// CHECK: llvm.call @main_kernel_1(%[[TMP]], %{{.*}})
// CHECK: llvm.call @free(%[[TMP]])
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
