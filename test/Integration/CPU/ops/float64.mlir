// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// f64 computes in f64 throughout (transcendentals through libm, not the f32
// polynomials): results match numpy to rtol 1e-12, far below f32 precision.
// REF: (lambda a, b, w: (a + b * a, np.exp(a) / (1 + np.abs(b)), np.tanh(a) + npref.erf(b), np.sqrt(np.abs(a)), npref.softmax(a, axis=-1), a @ b.T, a.sum(axis=1), a.max(axis=0), npref.conv2d(w, np.ones((2, 3, 3, 3)), pads=(1, 1, 1, 1)), npref.avg_pool_nd(w, (2, 2), strides=(2, 2))))(x[0], x[1], x[2])
// TOL: rtol=1e-12 atol=1e-12
func.func @main(%a: tensor<4x6xf64>, %b: tensor<4x6xf64>, %w: tensor<1x3x6x6xf64>) -> (tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x4xf64>, tensor<4xf64>, tensor<6xf64>, tensor<1x2x6x6xf64>, tensor<1x3x3x3xf64>) {
  %0 = dlc.mul %b, %a : (tensor<4x6xf64>, tensor<4x6xf64>) -> tensor<4x6xf64>
  %1 = dlc.add %a, %0 : (tensor<4x6xf64>, tensor<4x6xf64>) -> tensor<4x6xf64>
  %e = dlc.exp %a : tensor<4x6xf64>
  %ab = dlc.abs %b : tensor<4x6xf64>
  %one = dlc.constant dense<1.0> : tensor<f64>
  %den = dlc.add %ab, %one : (tensor<4x6xf64>, tensor<f64>) -> tensor<4x6xf64>
  %2 = dlc.div %e, %den : (tensor<4x6xf64>, tensor<4x6xf64>) -> tensor<4x6xf64>
  %t = dlc.tanh %a : tensor<4x6xf64>
  %r = dlc.erf %b : tensor<4x6xf64>
  %3 = dlc.add %t, %r : (tensor<4x6xf64>, tensor<4x6xf64>) -> tensor<4x6xf64>
  %aa = dlc.abs %a : tensor<4x6xf64>
  %4 = dlc.sqrt %aa : tensor<4x6xf64>
  %5 = dlc.softmax %a {axis = -1 : i64} : tensor<4x6xf64>
  %bt = dlc.transpose %b {perm = array<i64: 1, 0>} : (tensor<4x6xf64>) -> tensor<6x4xf64>
  %6 = dlc.matmul %a, %bt : (tensor<4x6xf64>, tensor<6x4xf64>) -> tensor<4x4xf64>
  %7 = dlc.reduce_sum %a {axes = array<i64: 1>, keepdims = false} : (tensor<4x6xf64>) -> tensor<4xf64>
  %8 = dlc.reduce_max %a {axes = array<i64: 0>, keepdims = false} : (tensor<4x6xf64>) -> tensor<6xf64>
  %k = dlc.constant dense<1.0> : tensor<2x3x3x3xf64>
  %9 = dlc.conv2d %w, %k {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x6x6xf64>, tensor<2x3x3x3xf64>) -> tensor<1x2x6x6xf64>
  %10 = dlc.avg_pool %w {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x6x6xf64>) -> tensor<1x3x3x3xf64>
  return %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x6xf64>, tensor<4x4xf64>, tensor<4xf64>, tensor<6xf64>, tensor<1x2x6x6xf64>, tensor<1x3x3x3xf64>
}
