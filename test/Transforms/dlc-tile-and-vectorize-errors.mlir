// RUN: dlc-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(dlc-tile-and-vectorize))' -verify-diagnostics

// The mechanism only applies configurations: an op without one is an error,
// not a silently scalar loop nest.
func.func @unconfigured(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  // expected-error @+1 {{'linalg.matmul' op has no lowering configuration (dlc.lowering_config); dlc-select-lowering sets one on every linalg op}}
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// A configuration that does not fit its op is an error naming both.
func.func @misfit(%a: tensor<4x64xf32>, %b: tensor<4x64xf32>) -> tensor<4x64xf32> {
  // expected-error @+1 {{'linalg.generic' op does not fit its lowering configuration #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512, 256]>}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x64xf32>, tensor<4x64xf32>) outs(%a : tensor<4x64xf32>) attrs = {dlc.lowering_config = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512, 256]>} {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}

// -----

// A direct convolution needs the six loops (f, oh, ow, c, kh, kw).
func.func @misfit_direct(%a: tensor<4x64xf32>, %b: tensor<4x64xf32>) -> tensor<4x64xf32> {
  // expected-error @+1 {{does not fit its lowering configuration #dlc.lowering_config<direct_convolution, vector_bits = 256, register_tile = [8, 16]>}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x64xf32>, tensor<4x64xf32>) outs(%a : tensor<4x64xf32>) attrs = {dlc.lowering_config = #dlc.lowering_config<direct_convolution, vector_bits = 256, register_tile = [8, 16]>} {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}
