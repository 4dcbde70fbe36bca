// RUN: dlc-opt %s --split-input-file --dlc-place-buffers-on-gpu | FileCheck %s

memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// The input is copied in before the kernel reading it, the output (the
// argument the program writes, here through a view) is copied out, the
// constant gets a device copy, and the temporary is device memory;
// everything is freed before returning, after the copies out.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<2x2xf32>)
// CHECK: %[[DIN:.*]] = gpu.alloc () : memref<4xf32>
// CHECK-NEXT: %[[DOUT:.*]] = gpu.alloc () : memref<2x2xf32>
// CHECK-NEXT: %[[W:.*]] = memref.get_global @weights
// CHECK-NEXT: %[[DW:.*]] = gpu.alloc () : memref<4xf32>
// CHECK-NEXT: %[[TMP:.*]] = gpu.alloc () : memref<4xf32>
// CHECK-NEXT: gpu.memcpy %[[DIN]], %[[IN]]
// CHECK-NEXT: gpu.memcpy %[[DW]], %[[W]]
// CHECK-NEXT: linalg.add ins(%[[DIN]], %[[DW]] : {{.*}}) outs(%[[TMP]] :
// CHECK-NOT: %[[OUT]]
// CHECK: memref.collapse_shape %[[DOUT]]
// CHECK-NOT: memref.alloc
// CHECK: gpu.dealloc %[[TMP]]
// CHECK-NEXT: gpu.memcpy %[[OUT]], %[[DOUT]]
// CHECK-NEXT: gpu.dealloc %[[DIN]]
// CHECK-NEXT: gpu.dealloc %[[DW]]
// CHECK-NEXT: gpu.dealloc %[[DOUT]]
// CHECK-NEXT: return
func.func @main(%in: memref<4xf32>, %out: memref<2x2xf32>) {
  %w = memref.get_global @weights : memref<4xf32>
  %tmp = memref.alloc() : memref<4xf32>
  linalg.add ins(%in, %w : memref<4xf32>, memref<4xf32>) outs(%tmp : memref<4xf32>)
  %flat = memref.collapse_shape %out [[0, 1]] : memref<2x2xf32> into memref<4xf32>
  %view = memref.expand_shape %flat [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  %tmp2 = memref.expand_shape %tmp [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  memref.copy %tmp2, %view : memref<2x2xf32> to memref<2x2xf32>
  memref.dealloc %tmp : memref<4xf32>
  return
}

// An output that the program also reads (an accumulator) is copied both ways.
// CHECK-LABEL: func.func @accumulate(
// CHECK-SAME: %[[A:.*]]: memref<2x2xf32>, %[[C:.*]]: memref<2x2xf32>)
// CHECK: %[[DA:.*]] = gpu.alloc
// CHECK-NEXT: %[[DC:.*]] = gpu.alloc
// CHECK-NEXT: gpu.memcpy %[[DA]], %[[A]]
// CHECK-NEXT: gpu.memcpy %[[DC]], %[[C]]
// CHECK-NEXT: linalg.matmul ins(%[[DA]], %[[DA]] : {{.*}}) outs(%[[DC]] :
// CHECK-NEXT: gpu.memcpy %[[C]], %[[DC]]
func.func @accumulate(%a: memref<2x2xf32>, %c: memref<2x2xf32>) {
  linalg.matmul ins(%a, %a : memref<2x2xf32>, memref<2x2xf32>) outs(%c : memref<2x2xf32>)
  return
}

// -----

func.func private @host_kernel(memref<4xf32>, memref<4xf32>)

// Kernels placed on the CPU (calls tagged with their input count) read and
// write host memory. A value crosses once each way: the GPU's result %a is
// copied to the host before the first CPU kernel reads it; %b, which only
// CPU kernels touch, stays in host memory without a device copy; %c, written
// on the CPU and read on the GPU, is copied to the device before that read.
// %a is still current on the device afterwards, so it is not copied back.
// Host allocations and frees (which synchronize with the GPU stream) are
// grouped at the start and before returning.
// CHECK-LABEL: func.func @mixed(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NEXT: %[[HA:.*]] = memref.alloc() {alignment = 64 : i64}
// CHECK-NEXT: %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: %[[HC:.*]] = memref.alloc() {alignment = 64 : i64}
// CHECK-NEXT: %[[DIN:.*]] = gpu.alloc
// CHECK-NEXT: %[[DOUT:.*]] = gpu.alloc
// CHECK-NEXT: %[[A:.*]] = gpu.alloc
// CHECK-NEXT: gpu.memcpy %[[DIN]], %[[IN]]
// CHECK-NEXT: linalg.add ins(%[[DIN]], %[[DIN]] : {{.*}}) outs(%[[A]] :
// CHECK-NEXT: gpu.memcpy %[[HA]], %[[A]]
// CHECK-NEXT: call @host_kernel(%[[HA]], %[[B]])
// CHECK-NEXT: %[[C:.*]] = gpu.alloc
// CHECK-NEXT: call @host_kernel(%[[B]], %[[HC]])
// CHECK-NEXT: gpu.memcpy %[[C]], %[[HC]]
// CHECK-NEXT: linalg.add ins(%[[C]], %[[A]] : {{.*}}) outs(%[[DOUT]] :
// CHECK-NEXT: gpu.dealloc %[[A]]
// CHECK-NEXT: gpu.dealloc %[[C]]
// CHECK-NEXT: gpu.memcpy %[[OUT]], %[[DOUT]]
// CHECK-NEXT: memref.dealloc %[[HA]]
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK-NEXT: memref.dealloc %[[HC]]
// CHECK-NEXT: gpu.dealloc %[[DIN]]
// CHECK-NEXT: gpu.dealloc %[[DOUT]]
// CHECK-NEXT: return
func.func @mixed(%in: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  linalg.add ins(%in, %in : memref<4xf32>, memref<4xf32>) outs(%a : memref<4xf32>)
  %b = memref.alloc() : memref<4xf32>
  call @host_kernel(%a, %b) {dlc.host_kernel_inputs = 1 : i64} : (memref<4xf32>, memref<4xf32>) -> ()
  %c = memref.alloc() : memref<4xf32>
  call @host_kernel(%b, %c) {dlc.host_kernel_inputs = 1 : i64} : (memref<4xf32>, memref<4xf32>) -> ()
  linalg.add ins(%c, %a : memref<4xf32>, memref<4xf32>) outs(%out : memref<4xf32>)
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %b : memref<4xf32>
  memref.dealloc %c : memref<4xf32>
  return
}

// A CPU kernel reading an input and writing an output needs no device
// memory and no copies.
// CHECK-LABEL: func.func @host_only(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NEXT: call @host_kernel(%[[IN]], %[[OUT]])
// CHECK-NEXT: return
func.func @host_only(%in: memref<4xf32>, %out: memref<4xf32>) {
  call @host_kernel(%in, %out) {dlc.host_kernel_inputs = 1 : i64} : (memref<4xf32>, memref<4xf32>) -> ()
  return
}

// The GPU writing part of an output that the CPU wrote first: the device
// copy is brought up to date before the partial write, and the whole output
// goes back.
// CHECK-LABEL: func.func @partial(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<8xf32>)
// CHECK: %[[DOUT:.*]] = gpu.alloc () : memref<8xf32>
// CHECK: call @host_kernel(%[[IN]], %{{.*}})
// CHECK: %[[HALF:.*]] = memref.subview %[[OUT]][0] [4] [1]
// CHECK-NEXT: %[[CAST:.*]] = memref.cast %[[HALF]]
// CHECK-NEXT: call @host_kernel(%[[IN]], %[[CAST]])
// CHECK-NEXT: gpu.memcpy %[[DOUT]], %[[OUT]]
// CHECK-NEXT: gpu.memcpy
// CHECK-NEXT: %[[DHALF:.*]] = memref.subview %[[DOUT]][4] [4] [1]
// CHECK-NEXT: memref.copy %{{.*}}, %[[DHALF]]
// CHECK: gpu.memcpy %[[OUT]], %[[DOUT]]
func.func @partial(%in: memref<4xf32>, %out: memref<8xf32>) {
  %h = memref.alloc() : memref<4xf32>
  call @host_kernel(%in, %h) {dlc.host_kernel_inputs = 1 : i64} : (memref<4xf32>, memref<4xf32>) -> ()
  %lo = memref.subview %out[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  %lo2 = memref.cast %lo : memref<4xf32, strided<[1]>> to memref<4xf32>
  call @host_kernel(%in, %lo2) {dlc.host_kernel_inputs = 1 : i64} : (memref<4xf32>, memref<4xf32>) -> ()
  %hi = memref.subview %out[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  memref.copy %h, %hi : memref<4xf32> to memref<4xf32, strided<[1], offset: 4>>
  memref.dealloc %h : memref<4xf32>
  return
}

// A CPU kernel's result copied into an output: the copy runs on the host
// (marked so that dlc-map-kernels-to-gpu leaves it), and nothing crosses.
// CHECK-LABEL: func.func @host_result_copy(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NOT: gpu.
// CHECK: call @host_kernel(%[[IN]], %[[H:.*]]) {dlc.host_kernel_inputs = 1 : i64}
// CHECK-NEXT: memref.copy %[[H]], %[[OUT]] {dlc.host_copy}
// CHECK-NOT: gpu.
// CHECK: return
func.func @host_result_copy(%in: memref<4xf32>, %out: memref<4xf32>) {
  %h = memref.alloc() : memref<4xf32>
  call @host_kernel(%in, %h) {dlc.host_kernel_inputs = 1 : i64} : (memref<4xf32>, memref<4xf32>) -> ()
  memref.copy %h, %out : memref<4xf32> to memref<4xf32>
  memref.dealloc %h : memref<4xf32>
  return
}
