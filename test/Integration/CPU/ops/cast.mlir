// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (x[0].astype(np.int64), x[1].astype(np.float32), x[0] != 0)
// INPUT 0: uniform -100 100
// INPUT 1: int -20 20
func.func @main(%a: tensor<3x4xf32>, %b: tensor<3x4xi32>) -> (tensor<3x4xi64>, tensor<3x4xf32>, tensor<3x4xi1>) {
  %0 = dlc.cast %a : tensor<3x4xf32> -> tensor<3x4xi64>
  %1 = dlc.cast %b : tensor<3x4xi32> -> tensor<3x4xf32>
  %2 = dlc.cast %a : tensor<3x4xf32> -> tensor<3x4xi1>
  return %0, %1, %2 : tensor<3x4xi64>, tensor<3x4xf32>, tensor<3x4xi1>
}
