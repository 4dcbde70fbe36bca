// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// A depthwise convolution, its bias and a ReLU6 run as one fused loop nest
// (MobileNetV2's pattern); rows of 20 take a 16-lane vector and a remainder.
// REF: np.clip(npref.conv2d(x[0], x[1], x[2], pads=(1, 1, 1, 1), group=24), 0.0, 6.0)
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<1x24x20x20xf32>, %w: tensor<24x1x3x3xf32>, %b: tensor<24xf32>) -> tensor<1x24x20x20xf32> {
  %0 = dlc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, group = 24 : i64} : (tensor<1x24x20x20xf32>, tensor<24x1x3x3xf32>, tensor<24xf32>) -> tensor<1x24x20x20xf32>
  %1 = dlc.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x24x20x20xf32>
  return %1 : tensor<1x24x20x20xf32>
}
