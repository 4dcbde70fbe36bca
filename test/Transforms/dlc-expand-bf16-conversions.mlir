// RUN: dlc-opt %s -dlc-expand-bf16-conversions | FileCheck %s

// Integer <-> bf16 conversions go through f32; f32 and f16 ones are left.
// CHECK-LABEL: func @conversions
// CHECK: %[[S:.*]] = arith.sitofp %arg0 : vector<8xi64> to vector<8xf32>
// CHECK: arith.truncf %[[S]] : vector<8xf32> to vector<8xbf16>
// CHECK: %[[U:.*]] = arith.uitofp %arg1 : i32 to f32
// CHECK: arith.truncf %[[U]] : f32 to bf16
// CHECK: %[[E:.*]] = arith.extf %arg2 : vector<8xbf16> to vector<8xf32>
// CHECK: arith.fptosi %[[E]] : vector<8xf32> to vector<8xi32>
// CHECK: %[[F:.*]] = arith.extf %arg3 : bf16 to f32
// CHECK: arith.fptoui %[[F]] : f32 to i8
// CHECK: arith.sitofp %arg0 : vector<8xi64> to vector<8xf16>
// CHECK-NOT: arith.truncf
// CHECK: return
func.func @conversions(%i: vector<8xi64>, %u: i32, %b: vector<8xbf16>, %s: bf16) -> (vector<8xbf16>, bf16, vector<8xi32>, i8, vector<8xf16>) {
  %0 = arith.sitofp %i : vector<8xi64> to vector<8xbf16>
  %1 = arith.uitofp %u : i32 to bf16
  %2 = arith.fptosi %b : vector<8xbf16> to vector<8xi32>
  %3 = arith.fptoui %s : bf16 to i8
  %4 = arith.sitofp %i : vector<8xi64> to vector<8xf16>
  return %0, %1, %2, %3, %4 : vector<8xbf16>, bf16, vector<8xi32>, i8, vector<8xf16>
}
