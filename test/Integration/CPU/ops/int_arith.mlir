// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (x[0] + x[1]) * x[1] - np.maximum(x[0], x[1])
// INPUT 0: int -50 50
// INPUT 1: int -50 50
func.func @main(%a: tensor<4x5xi64>, %b: tensor<5xi64>) -> tensor<4x5xi64> {
  %0 = dlc.add %a, %b : (tensor<4x5xi64>, tensor<5xi64>) -> tensor<4x5xi64>
  %1 = dlc.mul %0, %b : (tensor<4x5xi64>, tensor<5xi64>) -> tensor<4x5xi64>
  %2 = dlc.maximum %a, %b : (tensor<4x5xi64>, tensor<5xi64>) -> tensor<4x5xi64>
  %3 = dlc.sub %1, %2 : (tensor<4x5xi64>, tensor<4x5xi64>) -> tensor<4x5xi64>
  return %3 : tensor<4x5xi64>
}
