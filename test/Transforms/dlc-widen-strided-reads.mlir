// RUN: dlc-opt %s --dlc-widen-strided-reads | FileCheck %s

// Every other element of a row (a stride-2 window view): one read of the 15
// contiguous elements that span the 8 lanes, through a unit-stride view of
// the same buffer, then the even lanes.
// CHECK-LABEL: func.func @stride_two(
// CHECK-SAME: %[[VIEW:.*]]: memref<4x8xf32, strided<[32, 2], offset: 1>>, %[[I:.*]]: index)
// CHECK: %[[BASE:[a-z_0-9]+]], %{{.*}} = memref.extract_strided_metadata %[[VIEW]]
// CHECK: %[[WIDE:.*]] = memref.reinterpret_cast %[[BASE]] to offset: [1], sizes: [4, 15], strides: [32, 1]
// CHECK: %[[READ:.*]] = vector.transfer_read %[[WIDE]][%[[I]], %c0{{.*}}], %{{.*}} {in_bounds = [true]} : memref<4x15xf32, strided<[32, 1], offset: 1>>, vector<15xf32>
// CHECK: vector.shuffle %[[READ]], %[[READ]] [0, 2, 4, 6, 8, 10, 12, 14] : vector<15xf32>, vector<15xf32>
func.func @stride_two(%view: memref<4x8xf32, strided<[32, 2], offset: 1>>, %i: index) -> vector<8xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %view[%i, %c0], %pad {in_bounds = [true]} : memref<4x8xf32, strided<[32, 2], offset: 1>>, vector<8xf32>
  return %v : vector<8xf32>
}

// Unit strides, and reads that may run out of bounds, stay as they are.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT: reinterpret_cast
// CHECK-NOT: vector.shuffle
func.func @left_alone(%dense: memref<4x8xf32>, %view: memref<4x8xf32, strided<[32, 2]>>, %i: index) -> (vector<8xf32>, vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %a = vector.transfer_read %dense[%i, %c0], %pad {in_bounds = [true]} : memref<4x8xf32>, vector<8xf32>
  %b = vector.transfer_read %view[%c0, %i], %pad : memref<4x8xf32, strided<[32, 2]>>, vector<8xf32>
  return %a, %b : vector<8xf32>, vector<8xf32>
}

// A register tile's 1x8 row of B (a strided direct convolution): the same
// wide read with its unit outer dim, flattened for the shuffle and shaped
// back.
// CHECK-LABEL: func.func @unit_outer_dim(
// CHECK: %[[WIDE:.*]] = memref.reinterpret_cast %{{.*}} to offset: [1], sizes: [4, 15], strides: [32, 1]
// CHECK: %[[READ:.*]] = vector.transfer_read %[[WIDE]]{{.*}} {in_bounds = [true, true]} : memref<4x15xf32, strided<[32, 1], offset: 1>>, vector<1x15xf32>
// CHECK: %[[FLAT:.*]] = vector.shape_cast %[[READ]] : vector<1x15xf32> to vector<15xf32>
// CHECK: %[[LANES:.*]] = vector.shuffle %[[FLAT]], %[[FLAT]] [0, 2, 4, 6, 8, 10, 12, 14]
// CHECK: vector.shape_cast %[[LANES]] : vector<8xf32> to vector<1x8xf32>
func.func @unit_outer_dim(%view: memref<4x8xf32, strided<[32, 2], offset: 1>>, %i: index) -> vector<1x8xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %view[%i, %c0], %pad {in_bounds = [true, true]} : memref<4x8xf32, strided<[32, 2], offset: 1>>, vector<1x8xf32>
  return %v : vector<1x8xf32>
}

// 0-d reads and reads with a non-unit outer dim stay as they are.
// CHECK-LABEL: func.func @not_a_row(
// CHECK-NOT: reinterpret_cast
// CHECK-NOT: vector.shuffle
func.func @not_a_row(%view: memref<4x8xf32, strided<[32, 2]>>, %scalar: memref<f32>, %i: index) -> (vector<2x8xf32>, vector<f32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %a = vector.transfer_read %view[%c0, %c0], %pad {in_bounds = [true, true]} : memref<4x8xf32, strided<[32, 2]>>, vector<2x8xf32>
  %b = vector.transfer_read %scalar[], %pad : memref<f32>, vector<f32>
  return %a, %b : vector<2x8xf32>, vector<f32>
}
