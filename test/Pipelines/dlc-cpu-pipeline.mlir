// RUN: dlc-opt %s -dlc-cpu-pipeline | FileCheck %s
// RUN: dlc-opt %s -dlc-cpu-pipeline=fuse=false | FileCheck %s --check-prefix=UNFUSED
// RUN: dlc-opt %s -dlc-graph-to-kernels | FileCheck %s --check-prefix=KERNELS

// The full CPU pipeline: add and relu form one kernel, fused into one loop
// nest, inlined into the host entry (CPU kernels run in the caller's
// thread), which takes bare buffer pointers (inputs, then caller-allocated
// outputs). The sum is never stored: no intermediate buffer. Rows of 3 lanes
// are vectorized. Without fusion the sum goes through a temporary allocated
// and freed through the runtime-hooked allocator.

// KERNELS: func.func private @main_kernel_0({{.*}}) -> tensor<2x3xf32> attributes {dlc.device = "cpu", dlc.placement = "first target"}
// KERNELS-NEXT: dlc.add
// KERNELS-NEXT: dlc.relu
// KERNELS: func.func @main
// KERNELS: call @main_kernel_0
// KERNELS-NOT: call

// The codegen annotations stay on the module for the artifact's metadata:
// the kernel table and the memory footprint (no intermediate buffer).
// Without ONNX node names, a kernel is known by its ops' source lines.
// CHECK: module attributes {dlc.kernels = [{bytes = 60 : i64, flops = 0 : i64, name = "main_kernel_0", nodes = "dlc-cpu-pipeline.mlir:{{[0-9]+}},dlc-cpu-pipeline.mlir:{{[0-9]+}}"}], dlc.weight_bytes = 0 : i64, dlc.workspace_bytes = 0 : i64}
// CHECK-NOT: dlc.{{[a-z]+}} 
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-LABEL: llvm.func @main(
// CHECK-SAME: %[[X:.*]]: !llvm.ptr {{.*}}, %[[B:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr
// CHECK-NOT: llvm.call @_mlir_memref_to_llvm_alloc
// The kernel's loops sit between its profiling hooks (id 0, phase 0 and 1).
// CHECK: llvm.call @__dlc_profile_kernel(%{{.*}}, %{{.*}}) : (i64, i32) -> ()
// CHECK: llvm.load %[[B]] {{.*}} -> vector<3xf32>
// CHECK: llvm.fadd {{.*}} : vector<3xf32>
// CHECK-NEXT: llvm.fcmp "ugt" {{.*}} : vector<3xf32>
// CHECK-NEXT: llvm.select
// CHECK: llvm.getelementptr %[[OUT]]
// CHECK: llvm.call @__dlc_profile_kernel
// CHECK-NOT: llvm.call @_mlir_memref_to_llvm_free

// UNFUSED: %[[TMP:.*]] = llvm.call @_mlir_memref_to_llvm_alloc
// UNFUSED: llvm.fadd {{.*}} : vector<3xf32>
// UNFUSED: llvm.fcmp "ugt" {{.*}} : vector<3xf32>
// UNFUSED: llvm.call @_mlir_memref_to_llvm_free(%[[TMP]])
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
