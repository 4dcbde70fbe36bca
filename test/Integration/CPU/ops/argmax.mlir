// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Integer inputs in a small range make ties common, so tie-breaking is tested.
// REF: (np.argmax(x[0], axis=1)[:, None, :], np.argmax(x[0], axis=-1), x[1].shape[0] - 1 - np.argmax(x[1][::-1], axis=0), np.argmax(x[2], axis=0))
// INPUT 1: int 0 3
func.func @main(%a: tensor<3x5x4xf32>, %i: tensor<6x2xi64>, %f: tensor<7xf32>) -> (tensor<3x1x4xi64>, tensor<3x5xi64>, tensor<2xi64>, tensor<i64>) {
  %0 = dlc.argmax %a {axis = 1 : i64} : (tensor<3x5x4xf32>) -> tensor<3x1x4xi64>
  %1 = dlc.argmax %a {axis = -1 : i64, keepdims = false} : (tensor<3x5x4xf32>) -> tensor<3x5xi64>
  %2 = dlc.argmax %i {keepdims = false, select_last_index = true} : (tensor<6x2xi64>) -> tensor<2xi64>
  %3 = dlc.argmax %f {keepdims = false} : (tensor<7xf32>) -> tensor<i64>
  return %0, %1, %2, %3 : tensor<3x1x4xi64>, tensor<3x5xi64>, tensor<2xi64>, tensor<i64>
}
