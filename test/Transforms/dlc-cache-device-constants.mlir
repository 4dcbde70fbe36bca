// RUN: dlc-opt %s --dlc-cache-device-constants | FileCheck %s

memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
memref.global "private" constant @bias : memref<4xf32> = dense<0.5>
memref.global "private" @state : memref<4xf32> = dense<0.0>

// The device copies of constants (allocated, filled from the global, freed)
// become lookups at the start of the program, one declaration per type:
// the runtime copies each constant once per loaded model. A global that is
// not constant keeps its per-run copy.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NEXT: %[[W:.*]] = memref.get_global @weights
// CHECK-NEXT: %[[BYTES:.*]] = arith.constant 16 : i64
// CHECK-NEXT: %[[DW:.*]] = call @dlcDeviceConstant_0(%[[W]], %[[BYTES]]) : (memref<4xf32>, i64) -> memref<4xf32>
// CHECK-NEXT: %[[B:.*]] = memref.get_global @bias
// CHECK-NEXT: %[[BYTES2:.*]] = arith.constant 16 : i64
// CHECK-NEXT: %[[DB:.*]] = call @dlcDeviceConstant_0(%[[B]], %[[BYTES2]])
// CHECK-NEXT: %[[T:.*]] = gpu.alloc
// CHECK-NEXT: linalg.add ins(%[[DW]], %[[DB]] : {{.*}}) outs(%[[T]] :
// CHECK-NEXT: %[[S:.*]] = memref.get_global @state
// CHECK-NEXT: %[[DS:.*]] = gpu.alloc
// CHECK-NEXT: gpu.memcpy %[[DS]], %[[S]]
// CHECK-NOT: gpu.memcpy {{.*}}, %[[W]]
// CHECK-NOT: gpu.dealloc %[[DW]]
// CHECK: gpu.dealloc %[[DS]]
// CHECK-LABEL: func.func private @dlcDeviceConstant_0(memref<4xf32>, i64) -> memref<4xf32>
func.func @main(%in: memref<4xf32>, %out: memref<4xf32>) {
  %t = gpu.alloc () : memref<4xf32>
  %w = memref.get_global @weights : memref<4xf32>
  %dw = gpu.alloc () : memref<4xf32>
  %b = memref.get_global @bias : memref<4xf32>
  %db = gpu.alloc () : memref<4xf32>
  gpu.memcpy %dw, %w : memref<4xf32>, memref<4xf32>
  gpu.memcpy %db, %b : memref<4xf32>, memref<4xf32>
  linalg.add ins(%dw, %db : memref<4xf32>, memref<4xf32>) outs(%t : memref<4xf32>)
  %s = memref.get_global @state : memref<4xf32>
  %ds = gpu.alloc () : memref<4xf32>
  gpu.memcpy %ds, %s : memref<4xf32>, memref<4xf32>
  linalg.add ins(%t, %ds : memref<4xf32>, memref<4xf32>) outs(%t : memref<4xf32>)
  gpu.memcpy %out, %t : memref<4xf32>, memref<4xf32>
  gpu.dealloc %t : memref<4xf32>
  gpu.dealloc %dw : memref<4xf32>
  gpu.dealloc %db : memref<4xf32>
  gpu.dealloc %ds : memref<4xf32>
  return
}
