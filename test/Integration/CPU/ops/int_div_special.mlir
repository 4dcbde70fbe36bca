// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Integer division and remainder by 0 and -1 must not trap (x86 raises
// SIGFPE for x / 0 and INT_MIN / -1): x / 0 = 0, x / -1 = -x (INT_MIN
// wraps), x % 0 = x % -1 = 0. Other divisors truncate like C.
// REF: (lambda D: (np.where(D == 0, 0, np.where(D == -1, -x[0], np.sign(x[0]) * np.sign(D) * (np.abs(x[0]) // np.abs(np.where(D == 0, 1, D))))), np.where(D == 0, 0, np.fmod(x[0], np.where(D == 0, 1, D))), np.array([-2**63, -5]), np.array([0, 0])))(np.array([-3, 0, 2, 5, -1, 7]))
// INPUT 0: int -50 50
func.func @main(%a: tensor<4x6xi64>) -> (tensor<4x6xi64>, tensor<4x6xi64>, tensor<2xi64>, tensor<2xi64>) {
  %b = dlc.constant dense<[-3, 0, 2, 5, -1, 7]> : tensor<6xi64>
  %0 = dlc.div %a, %b : (tensor<4x6xi64>, tensor<6xi64>) -> tensor<4x6xi64>
  %1 = dlc.mod %a, %b {fmod = true} : (tensor<4x6xi64>, tensor<6xi64>) -> tensor<4x6xi64>
  %min = dlc.constant dense<[-9223372036854775808, 5]> : tensor<2xi64>
  %m1 = dlc.constant dense<-1> : tensor<2xi64>
  %2 = dlc.div %min, %m1 : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %3 = dlc.mod %min, %m1 : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %1, %2, %3 : tensor<4x6xi64>, tensor<4x6xi64>, tensor<2xi64>, tensor<2xi64>
}
