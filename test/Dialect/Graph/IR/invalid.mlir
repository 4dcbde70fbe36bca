// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @broadcast_mismatch(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{operand shapes 2x3 and 4 are not broadcast-compatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @element_type_mismatch(%a: tensor<3xf32>, %b: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{operand element types differ: 'f32' vs 'i64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.mul %a, %b : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @wrong_result_type(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @dynamic_shape(%a: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{must be statically shaped tensor}}
  %0 = dlc.relu %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @exp_of_integer(%a: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error @+1 {{'dlc.exp' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float values}}
  %0 = dlc.exp %a : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @bad_gelu(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{approximate must be "none" or "tanh", got "fast"}}
  %0 = dlc.gelu %a {approximate = "fast"} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @bad_clamp(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{min (1.000000e+00) is greater than max (0.000000e+00)}}
  %0 = dlc.clamp %a {min = 1.0 : f32, max = 0.0 : f32} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @matmul_k_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{contracting dimensions differ: 'tensor<2x3xf32>' has K=3 but 'tensor<4x5xf32>' has K=4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_rank1(%a: tensor<3xf32>, %b: tensor<3x5xf32>) -> tensor<5xf32> {
  // expected-error @+2 {{operands must have rank >= 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @gemm_bias(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{C of type 'tensor<3xf32>' does not broadcast to the result 2x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{weight expects 2 channels per group but the input has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_group(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{input channels (3) and filters (4) must be divisible by group (3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {group = 3 : i64} : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{expects a rank-4 input for a 2-D window, got 'tensor<3x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'strides' entries must be >= 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @pool_window(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x1x1xf32> {
  // expected-error @+2 {{window of size 3 (dilation 1) does not fit padded input size 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x1x1xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// -----

func.func @batch_norm_params(%x: tensor<1x3x2x2xf32>, %s: tensor<4xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+2 {{scale must have shape [3], got 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %s, %s : (tensor<1x3x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<2x8xf32>, %s: tensor<4xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{scale/bias of type 'tensor<4xf32>' does not broadcast to the normalized shape 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s : (tensor<2x8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = dlc.softmax %x {axis = 2 : i64} : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @reduce_axis(%x: tensor<2x8xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: -3>, keepdims = false} : (tensor<2x8xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_duplicate_axis(%x: tensor<2x8xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis -1 is listed twice}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 1, -1>, keepdims = false} : (tensor<2x8xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{cannot reshape 6 elements ('tensor<2x3xf32>') into 7 elements ('tensor<7xf32>')}}
  %0 = dlc.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{perm is not a permutation of [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @concat_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{input #1 ('tensor<3x3xf32>') differs from input #0 ('tensor<2x3xf32>') outside the concatenation axis}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @slice_bounds(%x: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{dimension 0 of size 4 cannot be sliced as [2, 6) step 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 2>, ends = array<i64: 6>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @mod_float_without_fmod(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{a float remainder needs fmod = true}}
  %0 = dlc.mod %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{expects indices of the input's rank (2), got rank 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.gather_elements %x, %i : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_elements_too_wide(%x: tensor<3x4xf32>, %i: tensor<2x5xi64>) -> tensor<2x5xf32> {
  // expected-error @+2 {{indices dim 1 (5) is larger than the input's (4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.gather_elements %x, %i : (tensor<3x4xf32>, tensor<2x5xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @gather_nd_too_deep(%x: tensor<3x4xf32>, %i: tensor<2x3xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{index tuples of 3 coordinates after 0 batch dims do not fit an input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.gather_nd %x, %i : (tensor<3x4xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_batch_mismatch(%x: tensor<3x4xf32>, %i: tensor<2x1xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{batch dim 0 differs: indices 2, input 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<3x4xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<4xf32>, %i: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = dlc.gather %x, %i : (tensor<4xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @kernel_yield(%x: tensor<4xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{yielded types do not match the kernel's results}}
  %0 = dlc.kernel "cpu"(%x : tensor<4xf32>) -> tensor<4xi64> {
  ^bb0(%arg: tensor<4xf32>):
    dlc.yield %arg : tensor<4xf32>
  }
  return %0 : tensor<4xi64>
}

// -----

func.func @reduce_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+2 {{axis 0 is out of range for rank 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 0>, keepdims = false} : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @compare_direction(%a: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error @+1 {{direction must be eq, ne, lt, le, gt or ge, got "lte"}}
  %0 = dlc.compare "lte", %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @broadcast_to_smaller(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{cannot broadcast 'tensor<2x3xf32>' to 'tensor<3xf32>'}}
  %0 = dlc.broadcast_to %a : tensor<2x3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @pad_negative(%a: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{padding must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.pad %a {low = array<i64: -1>, high = array<i64: 0>} : (tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @transfer_to_itself(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{moves a value from 'cpu' to the same device}}
  %0 = dlc.transfer %x from "cpu" to "cpu" : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @pool_window_rank(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+2 {{pooling windows are 2-D or 3-D, got 1 kernel_shape entries}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

func.func @pool_input_rank(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4x1xf32> {
  // expected-error @+2 {{expects a rank-5 input for a 3-D window, got 'tensor<1x3x4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 1, 1, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4x1xf32>
  return %0 : tensor<1x3x4x4x1xf32>
}

// -----

func.func @pool_pads(%x: tensor<1x3x4x4x4xf32>) -> tensor<1x3x4x4x4xf32> {
  // expected-error @+2 {{'pads' must have 6 entries, got 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x4x4x4xf32>) -> tensor<1x3x4x4x4xf32>
  return %0 : tensor<1x3x4x4x4xf32>
}

// -----

func.func @pool_storage_order(%x: tensor<1x3x4x4xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>) {
  // expected-error @+1 {{storage_order must be 0 (row-major) or 1 (column-major), got 2}}
  %0:2 = dlc.max_pool_with_indices %x {kernel_shape = array<i64: 1, 1>, storage_order = 2} : (tensor<1x3x4x4xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>)
  return %0#0, %0#1 : tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>
}

// -----

func.func @bitshift_direction(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{direction must be "left" or "right", got "up"}}
  %0 = dlc.bitshift %a, %a {direction = "up"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}
