// RUN: dlc-opt %s --dlc-select-gpu-lowering | FileCheck %s
// RUN: dlc-opt %s --dlc-select-gpu-lowering="matmul-precision=tf32 block-size=128" | FileCheck %s --check-prefix=TF32
// RUN: dlc-opt %s --dlc-select-gpu-lowering=matmul-precision=f16 | FileCheck %s --check-prefix=F16
// RUN: not dlc-opt %s --dlc-select-gpu-lowering=matmul-tile=40 2>&1 | FileCheck %s --check-prefix=BADTILE
// BADTILE: error: matmul-tile must be a multiple of 16

// Each buffer op of a GPU program gets the kernel shape it will become.

// f32 contractions: a tiled matmul, or tensor cores with tf32 or f16.
// CHECK-LABEL: func.func @batch_matmul
// CHECK: linalg.batch_matmul {dlc.lowering_config = #dlc.gpu_lowering_config<tiled_matmul, tile = 64>}
// TF32-LABEL: func.func @batch_matmul
// TF32: linalg.batch_matmul {dlc.lowering_config = #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64, precision = tf32>}
// F16-LABEL: func.func @batch_matmul
// F16: linalg.batch_matmul {dlc.lowering_config = #dlc.gpu_lowering_config<tensor_core_matmul, tile = 64, precision = f16>}
func.func @batch_matmul(%a: memref<5x100x70xf32>, %b: memref<5x70x130xf32>, %c: memref<5x100x130xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<5x100x70xf32>, memref<5x70x130xf32>) outs(%c : memref<5x100x130xf32>)
  return
}

// More row tiles than the grid's y holds: a thread per output.
// CHECK-LABEL: func.func @too_many_row_tiles
// CHECK: linalg.matmul {dlc.lowering_config = #dlc.gpu_lowering_config<thread_per_output, block_size = 256>}
// TF32-LABEL: func.func @too_many_row_tiles
// TF32: #dlc.gpu_lowering_config<thread_per_output, block_size = 128>
func.func @too_many_row_tiles(%a: memref<4194241x2xf32>, %b: memref<2x3xf32>, %c: memref<4194241x3xf32>) {
  linalg.matmul ins(%a, %b : memref<4194241x2xf32>, memref<2x3xf32>) outs(%c : memref<4194241x3xf32>)
  return
}

// Rows of 200: a block per output; rows of 9: a thread per output.
// CHECK-LABEL: func.func @reductions
// CHECK: linalg.generic {{.*}} attrs =  {dlc.lowering_config = #dlc.gpu_lowering_config<block_per_output, block_size = 256>}
// CHECK: linalg.generic {{.*}} attrs =  {dlc.lowering_config = #dlc.gpu_lowering_config<thread_per_output, block_size = 256>}
func.func @reductions(%a: memref<3x200xf32>, %m: memref<3xf32>, %b: memref<4x9xf32>, %n: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<3x200xf32>) outs(%m : memref<3xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.maximumf %x, %o : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%b : memref<4x9xf32>) outs(%n : memref<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  }
  return
}

// Rows of 200 floats: 4 lanes (16 bytes) per thread; of 201: one element.
// CHECK-LABEL: func.func @elementwise
// CHECK: linalg.generic {{.*}} attrs =  {dlc.lowering_config = #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 4>}
// CHECK: linalg.generic {{.*}} attrs =  {dlc.lowering_config = #dlc.gpu_lowering_config<thread_per_output, block_size = 256>}
func.func @elementwise(%a: memref<3x200xf32>, %c: memref<3x200xf32>, %d: memref<3x201xf32>, %e: memref<3x201xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<3x200xf32>) outs(%c : memref<3x200xf32>) {
  ^bb0(%x: f32, %o: f32):
    %p = arith.negf %x : f32
    linalg.yield %p : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%d : memref<3x201xf32>) outs(%e : memref<3x201xf32>) {
  ^bb0(%x: f32, %o: f32):
    %p = arith.negf %x : f32
    linalg.yield %p : f32
  }
  return
}

// A copy of device buffers becomes a linalg.copy with its configuration; a
// copy the host keeps stays.
// CHECK-LABEL: func.func @copies
// CHECK: linalg.copy {dlc.lowering_config = #dlc.gpu_lowering_config<vector_thread_per_output, block_size = 256, lanes = 4>}
// CHECK: memref.copy {{.*}} {dlc.host_copy}
func.func @copies(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %h: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  memref.copy %a, %h {dlc.host_copy} : memref<4x8xf32> to memref<4x8xf32>
  return
}
