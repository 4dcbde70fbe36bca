// RUN: dlc-opt %s --dlc-cuda-pipeline="cuda-image=isa cuda-arch=sm_80" | FileCheck %s

// Graph IR to LLVM-dialect host code: one stream per run, explicit copies
// at the boundary, launches of kernels embedded as PTX for sm_80, results
// synchronized before returning. Kernels take bare pointers.
// CHECK: llvm.func @main(%[[X:.*]]: !llvm.ptr, %[[Y:.*]]: !llvm.ptr)
// CHECK: %[[STREAM:.*]] = llvm.call @mgpuStreamCreate()
// CHECK: %[[DX:.*]] = llvm.call @mgpuMemAlloc
// CHECK: %[[DY:.*]] = llvm.call @mgpuMemAlloc
// CHECK: llvm.call @mgpuMemcpy(%[[DX]], %[[X]], %{{.*}}, %[[STREAM]])
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @main_kernel::@main_kernel blocks in ({{.*}}) threads in ({{.*}}) : i64 args(%[[DX]] : !llvm.ptr, %[[DY]] : !llvm.ptr)
// CHECK: llvm.call @mgpuMemcpy(%[[Y]], %[[DY]], %{{.*}}, %[[STREAM]])
// CHECK: llvm.call @mgpuStreamSynchronize(%[[STREAM]])
// CHECK: llvm.call @mgpuStreamDestroy(%[[STREAM]])
// CHECK: gpu.binary @main_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_80">, {{.*}}assembly = "{{.*}}.target sm_80
func.func @main(%x: tensor<4x300xf32>) -> tensor<4x300xf32> {
  %0 = dlc.tanh %x : tensor<4x300xf32>
  return %0 : tensor<4x300xf32>
}
