// RUN: dlc-opt %s -split-input-file --dlc-map-kernels-to-gpu -verify-diagnostics

// The mechanism builds the kernel an op's configuration names; without one
// there is no kernel, which is an error rather than a host loop.
func.func @unconfigured(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  // expected-error @+1 {{'linalg.copy' op has no GPU lowering configuration (dlc.lowering_config); dlc-select-gpu-lowering sets one on every linalg op}}
  linalg.copy ins(%a : memref<4x8xf32>) outs(%b : memref<4x8xf32>)
  return
}

// -----

func.func @device_copy(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  // expected-error @+1 {{'memref.copy' op of device buffers has no kernel; dlc-select-gpu-lowering makes it a linalg.copy}}
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}

// -----

// A matmul kernel for an elementwise op does not fit.
func.func @misfit(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  // expected-error @+1 {{does not fit its lowering configuration #dlc.gpu_lowering_config<tiled_matmul, tile = 64>}}
  linalg.copy {dlc.lowering_config = #dlc.gpu_lowering_config<tiled_matmul, tile = 64>} ins(%a : memref<4x8xf32>) outs(%b : memref<4x8xf32>)
  return
}

// -----

// Rows of 8 floats hold 4 lanes per thread, not 8.
func.func @wrong_lanes(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  // expected-error @+1 {{does not fit its lowering configuration #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 8>}}
  linalg.copy {dlc.lowering_config = #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 8>} ins(%a : memref<4x8xf32>) outs(%b : memref<4x8xf32>)
  return
}
