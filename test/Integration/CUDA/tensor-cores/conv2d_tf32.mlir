// RUN: %check-numeric --target=cuda --dlc-flag=--cuda-matmul-precision=tf32 %s | FileCheck %s
// CHECK: PASS
// A convolution through im2col and the tensor-core contraction (K = 8*3*3
// = 72): the reference convolves the tf32-rounded input and weights; the
// bias is added unrounded. f32 accumulation: at most 72 * 1.2e-7 * 10 =
// 9e-5 apart.
// REF: npref.conv2d(npref.tf32(x[0]).astype(np.float64), npref.tf32(x[1]), x[2], pads=(1, 1, 1, 1))
// TOL: rtol=1e-5 atol=1e-4
func.func @main(%x: tensor<1x8x12x12xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x12x12xf32> {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x8x12x12xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x12x12xf32>
  return %0 : tensor<1x16x12x12xf32>
}
