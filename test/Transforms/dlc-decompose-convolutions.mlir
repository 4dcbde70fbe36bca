// RUN: dlc-opt %s -dlc-decompose-convolutions | FileCheck %s
// RUN: dlc-opt %s -dlc-decompose-convolutions=direct-convolutions=true | FileCheck %s --check-prefix=DIRECT
// RUN: dlc-opt %s -dlc-decompose-convolutions=im2col-copy-per-window=false | FileCheck %s --check-prefix=ONEOP

// The window map of @patch_embedding (maps print before the functions).
// CHECK: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 16 + d2, d5 * 16 + d3)>

// A 3x3 stride-2 convolution: one copy per window position, from the strided
// view of the input into the im2col tensor, then a contraction with the
// filter as [F, C*KH*KW]; batch 1 makes it a plain matmul over
// (F, OH*OW, C*KH*KW).
// CHECK-LABEL: func @regular
// CHECK: %[[COLS:.*]] = tensor.empty() : tensor<1x3x3x3x4x4xf32>
// CHECK: %[[VIEW:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: linalg.copy ins(%[[VIEW]] : tensor<1x3x4x4xf32>)
// CHECK-COUNT-7: linalg.copy
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 2, 2] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: linalg.copy
// CHECK-NOT: linalg.copy
// CHECK: %[[MAT:.*]] = tensor.collapse_shape {{.*}} {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x3x3x3x4x4xf32> into tensor<1x27x16xf32>
// CHECK: %[[W:.*]] = tensor.collapse_shape {{.*}} : tensor<8x3x3x3xf32> into tensor<8x27xf32>
// CHECK: %[[ACC:.*]] = tensor.collapse_shape {{.*}} : tensor<1x8x4x4xf32> into tensor<8x16xf32>
// CHECK: %[[RHS:.*]] = tensor.collapse_shape %[[MAT]] {{.*}} : tensor<1x27x16xf32> into tensor<27x16xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[W]], %[[RHS]] : tensor<8x27xf32>, tensor<27x16xf32>) outs(%[[ACC]] : tensor<8x16xf32>)
// CHECK:   arith.mulf
// CHECK:   arith.addf
// CHECK: tensor.expand_shape %[[R]] {{.*}} into tensor<1x8x4x4xf32>
//
// Without a copy per window (GPU), im2col is one op reading every window
// through its stride-2 map, then the same contraction.
// ONEOP: #[[WIN2:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// ONEOP-LABEL: func @regular
// ONEOP-NOT: linalg.copy
// ONEOP: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[WIN2]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<1x3x9x9xf32>) outs(%{{.*}} : tensor<1x3x3x3x4x4xf32>)
// ONEOP-NOT: linalg.copy
// ONEOP: tensor.collapse_shape %[[COLS]] {{.*}} : tensor<1x3x3x3x4x4xf32> into tensor<1x27x16xf32>
// ONEOP: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]}
func.func @regular(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %init: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%x, %w : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// 1x1 stride-1: the input is already the im2col matrix. Batch 2: a batched
// contraction over (batch, F, OH*OW, C).
// CHECK-LABEL: func @pointwise
// CHECK-NOT: linalg.copy
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<2x16x5x5xf32> into tensor<2x16x25xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
func.func @pointwise(%x: tensor<2x16x5x5xf32>, %w: tensor<32x16x1x1xf32>, %init: tensor<2x32x5x5xf32>) -> tensor<2x32x5x5xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%x, %w : tensor<2x16x5x5xf32>, tensor<32x16x1x1xf32>) outs(%init : tensor<2x32x5x5xf32>) -> tensor<2x32x5x5xf32>
  return %0 : tensor<2x32x5x5xf32>
}

// Depthwise 3x3 with dilation 2: one elementwise op over the [N, G, H, W]
// output (the unit channel-per-group dim dropped) adding the 9 products of
// strided views and per-channel weights, in (kh, kw) order, to the initial
// value, which is an input (its producer can fuse) and not the destination.
// CHECK-LABEL: func @depthwise
// CHECK-DAG: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3], [4]] : tensor<1x4x1x7x7xf32> into tensor<1x4x7x7xf32>
// CHECK-DAG: %[[INIT:.*]] = tensor.collapse_shape %arg2 {{\[}}[0], [1], [2, 3], [4]] : tensor<1x4x1x3x3xf32> into tensor<1x4x3x3xf32>
// CHECK: %[[V0:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 4, 3, 3] [1, 1, 1, 1]
// CHECK: %[[W0:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0, 0] [4, 1, 1, 1, 1] [1, 1, 1, 1, 1] : tensor<4x1x1x3x3xf32> to tensor<4xf32>
// CHECK: tensor.extract_slice %[[X]][0, 0, 0, 2] [1, 4, 3, 3] [1, 1, 1, 1]
// CHECK: tensor.extract_slice %[[X]][0, 0, 4, 4] [1, 4, 3, 3] [1, 1, 1, 1]
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x4x3x3xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[INIT]], %[[V0]], %[[W0]],
// CHECK-SAME: outs(%[[EMPTY]] :
// CHECK: ^bb0(%[[ACC:[^:]*]]: f32, %[[I0:[^:]*]]: f32, %[[K0:[^:]*]]: f32,
// CHECK:   %[[P0:.*]] = arith.mulf %[[I0]], %[[K0]]
// CHECK:   arith.addf %[[ACC]], %[[P0]]
// CHECK-COUNT-8: arith.mulf
// CHECK: tensor.expand_shape %[[SUM]] {{\[}}[0], [1], [2, 3], [4]] output_shape [1, 4, 1, 3, 3]
// CHECK-NOT: linalg.conv
func.func @depthwise(%x: tensor<1x4x1x7x7xf32>, %w: tensor<4x1x1x3x3xf32>, %init: tensor<1x4x1x3x3xf32>) -> tensor<1x4x1x3x3xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x4x1x7x7xf32>, tensor<4x1x1x3x3xf32>) outs(%init : tensor<1x4x1x3x3xf32>) -> tensor<1x4x1x3x3xf32>
  return %0 : tensor<1x4x1x3x3xf32>
}

// Grouped convolutions with several channels per group stay as they are.
// CHECK-LABEL: func @grouped
// CHECK: linalg.conv_2d_ngchw_gfchw
func.func @grouped(%x: tensor<1x2x3x5x5xf32>, %w: tensor<2x4x3x3x3xf32>, %init: tensor<1x2x4x3x3xf32>) -> tensor<1x2x4x3x3xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x3x5x5xf32>, tensor<2x4x3x3x3xf32>) outs(%init : tensor<1x2x4x3x3xf32>) -> tensor<1x2x4x3x3xf32>
  return %0 : tensor<1x2x4x3x3xf32>
}

// A 16x16 patch embedding (256 window positions): im2col is one op reading
// the windows through strided affine maps (#WINDOW, checked at the top)
// instead of 256 copies.
// CHECK-LABEL: func @patch_embedding
// CHECK-NOT: linalg.copy
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[WINDOW]], #{{.*}}]{{.*}} outs(%{{.*}} : tensor<1x3x16x16x4x4xf32>)
// CHECK-NOT: linalg.copy
// CHECK: tensor.collapse_shape %[[COLS]] {{.*}} into tensor<1x768x16xf32>
func.func @patch_embedding(%x: tensor<1x3x64x64xf32>, %w: tensor<32x3x16x16xf32>, %init: tensor<1x32x4x4xf32>) -> tensor<1x32x4x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<16> : tensor<2xi64>} ins(%x, %w : tensor<1x3x64x64xf32>, tensor<32x3x16x16xf32>) outs(%init : tensor<1x32x4x4xf32>) -> tensor<1x32x4x4xf32>
  return %0 : tensor<1x32x4x4xf32>
}

// Max pooling: one elementwise op over the output taking the maximum of the
// initial value and the 9 strided views, in (kh, kw) order, as the reference
// loops do (arith.maximumf(out, in)).
// CHECK-LABEL: func @max_pool
// CHECK: %[[V00:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 4, 4, 4] [1, 1, 2, 2]
// CHECK: %[[V01:.*]] = tensor.extract_slice %arg0[0, 0, 0, 1] [1, 4, 4, 4] [1, 1, 2, 2]
// CHECK: tensor.extract_slice %arg0[0, 0, 2, 2] [1, 4, 4, 4] [1, 1, 2, 2]
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x4x4x4xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg2, %[[V00]], %[[V01]], {{.*}} outs(%[[EMPTY]] :
// CHECK: ^bb0(%[[INIT:[^:]*]]: f32, %[[I0:[^:]*]]: f32, %[[I1:[^:]*]]: f32,
// CHECK:   %[[M0:.*]] = arith.maximumf %[[INIT]], %[[I0]]
// CHECK:   arith.maximumf %[[M0]], %[[I1]]
// CHECK-COUNT-7: arith.maximumf
// CHECK-NOT: linalg.pooling
func.func @max_pool(%x: tensor<1x4x9x9xf32>, %w: tensor<3x3xf32>, %init: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%x, %w : tensor<1x4x9x9xf32>, tensor<3x3xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// Sum pooling (average pooling before its division), dilated: the same op
// adding the views.
// CHECK-LABEL: func @sum_pool
// CHECK: tensor.extract_slice %arg0[0, 0, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1]
// CHECK: tensor.extract_slice %arg0[0, 0, 0, 2] [1, 4, 5, 5] [1, 1, 1, 1]
// CHECK: tensor.extract_slice %arg0[0, 0, 2, 2] [1, 4, 5, 5] [1, 1, 1, 1]
// CHECK: linalg.generic
// CHECK-COUNT-4: arith.addf
// CHECK-NOT: arith.addf
// CHECK: linalg.yield
// CHECK-NOT: linalg.pooling
func.func @sum_pool(%x: tensor<1x4x7x7xf32>, %w: tensor<2x2xf32>, %init: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %0 = linalg.pooling_nchw_sum {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%x, %w : tensor<1x4x7x7xf32>, tensor<2x2xf32>) outs(%init : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// A stride-1 convolution with 48-pixel output rows. By default through
// im2col; with direct-convolutions (the CPU pipeline) one op over loops
// (f, oh, ow, c, kh, kw) reading the input through the window map, with
// the sum over (c, kh, kw) of the im2col contraction. Stride-2 and narrow
// convolutions keep im2col.
// CHECK-LABEL: func @wide
// CHECK: tensor.empty() : tensor<1x4x3x3x48x48xf32>
// DIRECT-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>
// DIRECT-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d1 + d4, d2 + d5)>
// DIRECT-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>
// DIRECT-DAG: #[[STRIDED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d1 * 2 + d4, d2 * 2 + d5)>
// DIRECT-LABEL: func @regular
// DIRECT: tensor.empty() : tensor<1x3x3x3x4x4xf32>
// DIRECT-LABEL: func @wide
// DIRECT: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2], [3]] : tensor<1x4x50x50xf32> into tensor<4x50x50xf32>
// DIRECT: %[[ACC:.*]] = tensor.collapse_shape %arg2 {{\[}}[0, 1], [2], [3]]
// DIRECT: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[FILTER]], #[[WINDOW]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg1, %[[X]] : tensor<12x4x3x3xf32>, tensor<4x50x50xf32>) outs(%[[ACC]] : tensor<12x48x48xf32>) attrs = {dlc.direct_convolution}
// DIRECT: %[[P:.*]] = arith.mulf
// DIRECT: arith.addf %{{.*}}, %[[P]]
// DIRECT: tensor.expand_shape %[[SUM]] {{\[}}[0, 1], [2], [3]] output_shape [1, 12, 48, 48]
// DIRECT-NOT: im2col
func.func @wide(%x: tensor<1x4x50x50xf32>, %w: tensor<12x4x3x3xf32>, %init: tensor<1x12x48x48xf32>) -> tensor<1x12x48x48xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x4x50x50xf32>, tensor<12x4x3x3xf32>) outs(%init : tensor<1x12x48x48xf32>) -> tensor<1x12x48x48xf32>
  return %0 : tensor<1x12x48x48xf32>
}

// A strided 7x7 convolution (ResNet's stem shape, fewer channels) with
// 48-pixel rows is direct too: the window map carries the strides. Strided
// 3x3 windows (@regular) keep im2col: their copies are cheap.
// CHECK-LABEL: func @wide_strided_stem
// CHECK: tensor.empty() : tensor<1x3x7x7x48x48xf32>
// DIRECT-LABEL: func @wide_strided_stem
// DIRECT: linalg.generic {indexing_maps = [#[[FILTER]], #[[STRIDED]], #[[OUT]]]{{.*}} attrs = {dlc.direct_convolution}
func.func @wide_strided_stem(%x: tensor<1x3x101x101xf32>, %w: tensor<8x3x7x7xf32>, %init: tensor<1x8x48x48xf32>) -> tensor<1x8x48x48xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x3x101x101xf32>, tensor<8x3x7x7xf32>) outs(%init : tensor<1x8x48x48xf32>) -> tensor<1x8x48x48xf32>
  return %0 : tensor<1x8x48x48xf32>
}
