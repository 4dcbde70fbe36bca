// RUN: dlc-opt %s -dlc-expand-strided-copies | FileCheck %s

// CHECK-LABEL: func @copies
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>, %[[C:.*]]: memref<2x8xf32>)
func.func @copies(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %c: memref<2x8xf32>) {
  // Contiguous copies stay memref.copy (they become memcpy).
  // CHECK: memref.copy %[[A]], %[[B]]
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  // A column block is strided: it becomes loops through linalg.copy.
  // CHECK: %[[SV:.*]] = memref.subview %[[A]][0, 0] [4, 4] [1, 1]
  // CHECK: linalg.copy ins(%[[SV]] : memref<4x4xf32, strided<[8, 1]>>) outs(%{{.*}} : memref<4x4xf32, strided<[8, 1], offset: 4>>)
  %sa = memref.subview %a[0, 0] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  %sb = memref.subview %b[0, 4] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1], offset: 4>>
  memref.copy %sa, %sb : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32, strided<[8, 1], offset: 4>>
  // Whole rows are contiguous even inside a subview.
  // CHECK: %[[ROWS:.*]] = memref.subview %[[A]][2, 0] [2, 8] [1, 1]
  // CHECK: memref.copy %[[ROWS]], %[[C]]
  %rows = memref.subview %a[2, 0] [2, 8] [1, 1] : memref<4x8xf32> to memref<2x8xf32, strided<[8, 1], offset: 16>>
  memref.copy %rows, %c : memref<2x8xf32, strided<[8, 1], offset: 16>> to memref<2x8xf32>
  // CHECK-NOT: memref.copy
  return
}
