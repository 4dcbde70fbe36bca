// RUN: dlc-opt %s --dlc-place-buffers-on-gpu | FileCheck %s

memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// The input is copied in, the output (the argument the program writes, here
// through a view) is copied out, the constant gets a device copy, and the
// temporary is device memory; everything is freed before returning.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<2x2xf32>)
// CHECK: %[[DIN:.*]] = gpu.alloc () : memref<4xf32>
// CHECK-NEXT: gpu.memcpy %[[DIN]], %[[IN]]
// CHECK-NEXT: %[[DOUT:.*]] = gpu.alloc () : memref<2x2xf32>
// CHECK-NOT: gpu.memcpy %[[DOUT]]
// CHECK: %[[W:.*]] = memref.get_global @weights
// CHECK-NEXT: %[[DW:.*]] = gpu.alloc () : memref<4xf32>
// CHECK-NEXT: gpu.memcpy %[[DW]], %[[W]]
// CHECK: %[[TMP:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: linalg.add ins(%[[DIN]], %[[DW]] : {{.*}}) outs(%[[TMP]] :
// CHECK: memref.collapse_shape %[[DOUT]]
// CHECK-NOT: memref.alloc
// CHECK: gpu.dealloc %[[TMP]]
// CHECK: gpu.dealloc %[[DW]]
// CHECK-NEXT: gpu.dealloc %[[DIN]]
// CHECK-NEXT: gpu.memcpy %[[OUT]], %[[DOUT]]
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
// CHECK-NEXT: gpu.memcpy %[[DA]], %[[A]]
// CHECK-NEXT: %[[DC:.*]] = gpu.alloc
// CHECK-NEXT: gpu.memcpy %[[DC]], %[[C]]
// CHECK: linalg.matmul ins(%[[DA]], %[[DA]] : {{.*}}) outs(%[[DC]] :
// CHECK: gpu.memcpy %[[C]], %[[DC]]
func.func @accumulate(%a: memref<2x2xf32>, %c: memref<2x2xf32>) {
  linalg.matmul ins(%a, %a : memref<2x2xf32>, memref<2x2xf32>) outs(%c : memref<2x2xf32>)
  return
}
