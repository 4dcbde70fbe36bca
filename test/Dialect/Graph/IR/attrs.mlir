// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// The code-generation attributes parse, print and parse again.

// CHECK: module attributes {dlc.target = #dlc.cpu_target<cpu = "znver4", isaBits = 512, fullRateBits = 256, vectorRegisters = 32, l1dBytes = 32768, l2Bytes = 1048576, l3Bytes = 33554432, cores = 2>}
module attributes {dlc.target = #dlc.cpu_target<cpu = "znver4", isaBits = 512, fullRateBits = 256, vectorRegisters = 32, l1dBytes = 32768, l2Bytes = 1048576, l3Bytes = 33554432, cores = 2>} {
  // CHECK: contraction = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512, 256]>
  // CHECK-SAME: convolution = #dlc.lowering_config<direct_convolution, vector_bits = 512, register_tile = [8, 32]>
  // CHECK-SAME: loops = #dlc.lowering_config<loops, vector_bits = 128>
  // CHECK-SAME: rows = #dlc.lowering_config<rows, vector_bits = 256>
  // CHECK-SAME: tensor_cores = #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64, precision = f16>
  // CHECK-SAME: thread = #dlc.gpu_lowering_config<thread_per_output, block_size = 128>
  // CHECK-SAME: vector = #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 4>
  func.func @f() attributes {
      rows = #dlc.lowering_config<rows, vector_bits = 256>,
      contraction = #dlc.lowering_config<contraction, vector_bits = 256, register_tile = [8, 16], cache_tiles = [72, 512, 256]>,
      convolution = #dlc.lowering_config<direct_convolution, vector_bits = 512, register_tile = [8, 32]>,
      loops = #dlc.lowering_config<loops, vector_bits = 128>,
      tensor_cores = #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64, precision = f16>,
      thread = #dlc.gpu_lowering_config<thread_per_output, block_size = 128>,
      vector = #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 4>} {
    return
  }
}
