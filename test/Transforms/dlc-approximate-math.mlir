// RUN: dlc-opt %s -dlc-approximate-math | FileCheck %s

// erf, exp, tanh and log become vector arithmetic (polynomials, with fma);
// functions without an approximation chosen here (sin) stay for libm.
// CHECK-LABEL: func @approximated
// CHECK-NOT: math.erf
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK: math.fma {{.*}} : vector<8xf32>
// CHECK: math.sin {{.*}} : vector<8xf32>
func.func @approximated(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %0 = math.erf %x : vector<8xf32>
  %1 = math.exp %x : vector<8xf32>
  %2 = math.tanh %x : vector<8xf32>
  %3 = math.log %x : vector<8xf32>
  %4 = math.sin %x : vector<8xf32>
  return %0, %1, %2, %3, %4 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}
