// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (np.floor(x[0]), np.ceil(x[0]), np.round(x[0]), np.sin(x[0]), np.cos(x[0]), np.tan(x[1]), np.arcsin(x[1]), np.arccos(x[1]), np.arctan(x[0]), np.sinh(x[1]), np.cosh(x[1]), np.arcsinh(x[0]), np.arccosh(x[2]), np.arctanh(x[1]))
// INPUT 0: uniform -4 4
// INPUT 1: uniform -0.9 0.9
// INPUT 2: uniform 1 5
func.func @main(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>, %c: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = dlc.floor %a : tensor<4x8xf32>
  %1 = dlc.ceil %a : tensor<4x8xf32>
  %2 = dlc.round %a : tensor<4x8xf32>
  %3 = dlc.sin %a : tensor<4x8xf32>
  %4 = dlc.cos %a : tensor<4x8xf32>
  %5 = dlc.tan %b : tensor<4x8xf32>
  %6 = dlc.asin %b : tensor<4x8xf32>
  %7 = dlc.acos %b : tensor<4x8xf32>
  %8 = dlc.atan %a : tensor<4x8xf32>
  %9 = dlc.sinh %b : tensor<4x8xf32>
  %10 = dlc.cosh %b : tensor<4x8xf32>
  %11 = dlc.asinh %a : tensor<4x8xf32>
  %12 = dlc.acosh %c : tensor<4x8xf32>
  %13 = dlc.atanh %b : tensor<4x8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}
