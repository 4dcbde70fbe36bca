// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: x[0].astype(np.float64) @ x[1]
func.func @main(%a: tensor<17x33xf32>, %b: tensor<33x9xf32>) -> tensor<17x9xf32> {
  %0 = dlc.matmul %a, %b : (tensor<17x33xf32>, tensor<33x9xf32>) -> tensor<17x9xf32>
  return %0 : tensor<17x9xf32>
}
