// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (x[0] < x[1], np.where(x[0] >= x[1], x[0], x[1]), x[2] == x[3], ~(x[0] != x[1]))
// INPUT 2: int 0 3
// INPUT 3: int 0 3
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi64>, %j: tensor<4xi64>) -> (tensor<2x3xi1>, tensor<2x3xf32>, tensor<4xi1>, tensor<2x3xi1>) {
  %0 = dlc.compare "lt", %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = dlc.compare "ge", %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %2 = dlc.select %1, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = dlc.compare "eq", %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %4 = dlc.compare "ne", %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %5 = dlc.not %4 : tensor<2x3xi1>
  return %0, %2, %3, %5 : tensor<2x3xi1>, tensor<2x3xf32>, tensor<4xi1>, tensor<2x3xi1>
}
