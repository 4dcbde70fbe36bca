// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{vector_bits must be 128, 256 or 512, not 384}}
func.func @f() attributes {c = #dlc.lowering_config<rows, vector_bits = 384>}

// -----

// expected-error @+1 {{contraction needs 3 cache tile sizes, not 2}}
func.func @f() attributes {c = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512]>}

// -----

// expected-error @+1 {{rows needs 0 register tile sizes, not 2}}
func.func @f() attributes {c = #dlc.lowering_config<rows, vector_bits = 256, register_tile = [8, 16]>}

// -----

// expected-error @+1 {{register tile columns (12) must be whole vectors of 8 lanes}}
func.func @f() attributes {c = #dlc.lowering_config<direct_convolution, vector_bits = 256, register_tile = [8, 12]>}

// -----

// expected-error @+1 {{tile sizes must be positive}}
func.func @f() attributes {c = #dlc.lowering_config<direct_convolution, vector_bits = 256, register_tile = [0, 16]>}

// -----

// expected-error @+1 {{unknown lowering strategy 'im2col'}}
func.func @f() attributes {c = #dlc.lowering_config<im2col, vector_bits = 256>}

// -----

// expected-error @+1 {{unknown lowering_config field 'tiles'}}
func.func @f() attributes {c = #dlc.lowering_config<rows, tiles = [1]>}

// -----

// expected-error @+1 {{tensor_core_matmul needs a precision (tf32, f16)}}
func.func @f() attributes {c = #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64>}

// -----

// expected-error @+1 {{tiled_matmul has no block_size (its block follows its tile)}}
func.func @f() attributes {c = #dlc.gpu_lowering_config<tiled_matmul, block_size = 256, tile = 64>}

// -----

// expected-error @+1 {{vector_thread_per_output needs lanes}}
func.func @f() attributes {c = #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256>}

// -----

// expected-error @+1 {{precision must be tf32 or f16, not 'bf16'}}
func.func @f() attributes {c = #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64, precision = bf16>}

// -----

// expected-error @+1 {{unknown GPU lowering strategy 'warp_per_output'}}
func.func @f() attributes {c = #dlc.gpu_lowering_config<warp_per_output, block_size = 32>}
