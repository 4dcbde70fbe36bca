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
