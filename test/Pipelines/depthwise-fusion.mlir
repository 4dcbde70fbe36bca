// RUN: dlc-opt %s -dlc-cpu-pipeline -mlir-print-ir-after=dlc-fuse-elementwise -o /dev/null 2>&1 | FileCheck %s

// Convolutions are decomposed inside their kernels before elementwise
// fusion: a depthwise convolution, its bias and its ReLU6 become one op that
// reads the padded input's 9 windows once and writes the result once, with
// no bias buffer and no separate clamp pass.
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK: tensor.pad
// CHECK: %[[OUT:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME: ins(%arg2,
// CHECK-COUNT-9: arith.mulf
// CHECK: arith.maximumf
// CHECK-NEXT: arith.minimumf
// CHECK-NEXT: linalg.yield
// CHECK-NOT: linalg.
// CHECK: return %[[OUT]]
func.func @main(%x: tensor<1x8x10x10xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x10x10xf32> {
  %0 = dlc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, group = 8 : i64} : (tensor<1x8x10x10xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x10x10xf32>
  %1 = dlc.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8x10x10xf32>
  return %1 : tensor<1x8x10x10xf32>
}
