// RUN: dlc-opt %s --dlc-map-kernels-to-gpu --split-input-file | FileCheck %s

// Elementwise: parallel dims collapsed into one index, blocks of 256
// threads, a guard for the partial last block, one element per thread.
// CHECK-LABEL: func.func @elementwise
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[C3]], {{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[C256]],
// CHECK: %[[BASE:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: %[[ID:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[ID]], %{{.*}} : index
// CHECK: scf.if %[[IN]]
// CHECK: affine.delinearize_index %[[ID]] into (3, 200)
// CHECK: arith.addf
// CHECK: gpu.terminator
// CHECK-NOT: linalg.generic
func.func @elementwise(%a: memref<3x200xf32>, %b: memref<200xf32>, %c: memref<3x200xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : memref<3x200xf32>, memref<200xf32>) outs(%c : memref<3x200xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A long row reduction: a block per output, threads stride by 256 from the
// identity, gpu.all_reduce, and thread 0 folds in the output's old value.
// CHECK-LABEL: func.func @row_max
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %c3{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %c256
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PART:.*]] = scf.for %[[R:.*]] = %[[TX]] to %c200{{.*}} step %c256{{.*}} iter_args(%[[ACC:.*]] = %[[NEG]])
// CHECK: %[[X:.*]] = memref.load %{{.*}}[%[[BX]], %[[R]]]
// CHECK: arith.maximumf %[[X]], %[[ACC]]
// CHECK: %[[ALL:.*]] = gpu.all_reduce maximumf %[[PART]] uniform
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[TX]]
// CHECK: scf.if %[[FIRST]]
// CHECK: %[[OLD:.*]] = memref.load %{{.*}}[%[[BX]]]
// CHECK: %[[NEW:.*]] = arith.maximumf %[[ALL]], %[[OLD]]
// CHECK: memref.store %[[NEW]], %{{.*}}[%[[BX]]]
func.func @row_max(%a: memref<3x200xf32>, %m: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<3x200xf32>) outs(%m : memref<3xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.maximumf %x, %o : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A short reduction (9 elements, a 3x3 pooling window) stays in one thread.
// CHECK-LABEL: func.func @short_reduction
// CHECK: gpu.launch
// CHECK-NOT: gpu.all_reduce
// CHECK: scf.for
// CHECK: arith.addf
func.func @short_reduction(%a: memref<4x9xf32>, %m: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<4x9xf32>) outs(%m : memref<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Batched matmul: grid (N/64, M/64, batch) of 16x16 threads; A and B slices
// in workgroup memory between barriers; a 4x4 register tile carried through
// the K loops; guarded stores of C.
// CHECK-LABEL: func.func @batch_matmul
// CHECK: gpu.launch blocks(%[[BX:.*]], %[[BY:.*]], %[[BZ:.*]]) in ({{.*}} = %c3{{.*}}, {{.*}} = %c2{{.*}}, {{.*}} = %c5{{.*}}) threads({{.*}}) in ({{.*}} = %c16{{.*}}, {{.*}} = %c16{{.*}}, {{.*}}) workgroup(%[[TA:.*]] : memref<16x65xf32, #gpu.address_space<workgroup>>, %[[TB:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// CHECK: %[[KLOOP:.*]]:16 = scf.for %{{.*}} = %c0{{.*}} to %c70{{.*}} step %c16{{.*}} iter_args(
// CHECK: memref.store %{{.*}}, %[[TA]]
// CHECK: memref.store %{{.*}}, %[[TB]]
// CHECK: gpu.barrier
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-4: memref.load %[[TA]]
// CHECK-COUNT-4: memref.load %[[TB]]
// CHECK-COUNT-16: arith.addf {{.*}} fastmath<contract>
// CHECK: gpu.barrier
// CHECK-COUNT-16: memref.store %[[KLOOP]]#{{[0-9]+}}, %{{.*}}[%[[BZ]],
func.func @batch_matmul(%a: memref<5x100x70xf32>, %b: memref<5x70x130xf32>, %c: memref<5x100x130xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<5x100x70xf32>, memref<5x70x130xf32>) outs(%c : memref<5x100x130xf32>)
  return
}

// -----

// Copies between device buffers are kernels too.
// CHECK-LABEL: func.func @copy
// CHECK: gpu.launch
// CHECK: memref.load
// CHECK: memref.store
// CHECK-NOT: memref.copy
func.func @copy(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}
