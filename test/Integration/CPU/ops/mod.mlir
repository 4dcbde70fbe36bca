// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// ONNX Mod: integers with the divisor's sign (Python %) and with the
// dividend's (C, fmod = true); floats as C's fmod. One integer divisor is 0,
// whose remainder is defined as 0 instead of a trap.
// REF: (lambda D: (np.where(D == 0, 0, np.mod(x[0], np.where(D == 0, 1, D))), np.where(D == 0, 0, np.fmod(x[0], np.where(D == 0, 1, D))), np.fmod(x[1], x[2])))(np.array([-3, 0, 2, 5, -1, 7]))
// INPUT 0: int -50 50
// INPUT 1: uniform -10 10
// INPUT 2: uniform 0.5 3
func.func @main(%a: tensor<4x6xi64>, %x: tensor<3x5xf32>, %y: tensor<5xf32>) -> (tensor<4x6xi64>, tensor<4x6xi64>, tensor<3x5xf32>) {
  %b = dlc.constant dense<[-3, 0, 2, 5, -1, 7]> : tensor<6xi64>
  %0 = dlc.mod %a, %b : (tensor<4x6xi64>, tensor<6xi64>) -> tensor<4x6xi64>
  %1 = dlc.mod %a, %b {fmod = true} : (tensor<4x6xi64>, tensor<6xi64>) -> tensor<4x6xi64>
  %2 = dlc.mod %x, %y {fmod = true} : (tensor<3x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  return %0, %1, %2 : tensor<4x6xi64>, tensor<4x6xi64>, tensor<3x5xf32>
}
