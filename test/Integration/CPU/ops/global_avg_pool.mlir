// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: x[0].astype(np.float64).mean(axis=(2, 3), keepdims=True)
func.func @main(%x: tensor<2x5x4x3xf32>) -> tensor<2x5x1x1xf32> {
  %0 = dlc.global_avg_pool %x : (tensor<2x5x4x3xf32>) -> tensor<2x5x1x1xf32>
  return %0 : tensor<2x5x1x1xf32>
}
