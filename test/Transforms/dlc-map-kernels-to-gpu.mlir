// RUN: dlc-opt %s --dlc-select-gpu-lowering --dlc-map-kernels-to-gpu --split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-select-gpu-lowering=matmul-precision=tf32 --dlc-map-kernels-to-gpu --split-input-file | FileCheck %s --check-prefixes=TC,TF32
// RUN: dlc-opt %s --dlc-select-gpu-lowering=matmul-precision=f16 --dlc-map-kernels-to-gpu --split-input-file | FileCheck %s --check-prefixes=TC,F16
// RUN: not dlc-opt %s --dlc-select-gpu-lowering=matmul-precision=bf16 --dlc-map-kernels-to-gpu --split-input-file 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: matmul-precision 'bf16' is not one of f32, tf32, f16

// Elementwise: parallel dims collapsed into one index, blocks of 256
// threads, a guard for the partial last block, one element per thread (201
// columns do not split into 16-byte vectors).
// CHECK-LABEL: func.func @elementwise
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[C3]], {{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[C256]],
// CHECK: %[[BASE:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: %[[ID:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[ID]], %{{.*}} : index
// CHECK: scf.if %[[IN]]
// CHECK: affine.delinearize_index %[[ID]] into (3, 201)
// CHECK: arith.addf
// CHECK: gpu.terminator
// CHECK-NOT: linalg.generic
func.func @elementwise(%a: memref<3x201xf32>, %b: memref<201xf32>, %c: memref<3x201xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : memref<3x201xf32>, memref<201xf32>) outs(%c : memref<3x201xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// Elementwise ops whose operands walk the innermost loop contiguously give
// each thread 16 bytes: 3x200 f32 is 150 threads of 16-byte-aligned
// vector<4xf32> loads and stores; the per-row scale, which does not vary
// along that loop, is one scalar load broadcast; the output's old value is
// not read.
// CHECK-LABEL: func.func @vectorized
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in ({{.*}} = %c150
// CHECK: %[[IDS:.*]]:2 = affine.delinearize_index %{{.*}} into (3, 50)
// CHECK: %[[COL:.*]] = arith.muli %[[IDS]]#1, %c4
// CHECK: %[[X:.*]] = vector.load %{{.*}}[%[[IDS]]#0, %[[COL]]] {alignment = 16 : i64} : memref<3x200xf32>, vector<4xf32>
// CHECK: %[[S:.*]] = memref.load %{{.*}}[%[[IDS]]#0, %{{.*}}] : memref<3x1xf32>
// CHECK-NOT: memref<3x200xf32>, vector<4xf32>
// CHECK: %[[SV:.*]] = vector.broadcast %[[S]] : f32 to vector<4xf32>
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[SV]] : vector<4xf32>
// CHECK: vector.store %[[P]], %{{.*}}[%[[IDS]]#0, %[[COL]]] {alignment = 16 : i64} : memref<3x200xf32>, vector<4xf32>
func.func @vectorized(%a: memref<3x200xf32>, %s: memref<3x1xf32>, %c: memref<3x200xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a, %s : memref<3x200xf32>, memref<3x1xf32>) outs(%c : memref<3x200xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    linalg.yield %p : f32
  }
  return
}

// 16 bytes are eight f16 lanes; a fill broadcasts its scalar.
// CHECK-LABEL: func.func @half_and_fill
// CHECK: vector.load {{.*}} {alignment = 16 : i64} : memref<2x64xf16>, vector<8xf16>
// CHECK: math.exp {{.*}} : vector<8xf16>
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<2x64xf16>, vector<8xf16>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<4xf32>
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<8xf32>, vector<4xf32>
func.func @half_and_fill(%a: memref<2x64xf16>, %c: memref<2x64xf16>, %z: memref<8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<2x64xf16>) outs(%c : memref<2x64xf16>) {
  ^bb0(%x: f16, %o: f16):
    %e = math.exp %x : f16
    linalg.yield %e : f16
  }
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%z : memref<8xf32>)
  return
}

// A view whose rows start 2 elements into a buffer would make vectors
// straddle 16-byte boundaries: one element per thread.
// CHECK-LABEL: func.func @misaligned
// CHECK-NOT: vector.load
// CHECK: memref.load
func.func @misaligned(%a: memref<3x200xf32, strided<[200, 1], offset: 2>>, %c: memref<3x200xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<3x200xf32, strided<[200, 1], offset: 2>>) outs(%c : memref<3x200xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
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
// in workgroup memory between barriers, software-pipelined (each K step
// loads the next step's slices into registers first and stores them after
// its products); a 4x4 register tile carried through the K loops; guarded
// stores of C.
// CHECK-LABEL: func.func @batch_matmul
// CHECK: gpu.launch blocks(%[[BX:.*]], %[[BY:.*]], %[[BZ:.*]]) in ({{.*}} = %c3{{.*}}, {{.*}} = %c2{{.*}}, {{.*}} = %c5{{.*}}) threads({{.*}}) in ({{.*}} = %c16{{.*}}, {{.*}} = %c16{{.*}}, {{.*}}) workgroup(%[[TA:.*]] : memref<16x65xf32, #gpu.address_space<workgroup>>, %[[TB:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// CHECK-COUNT-4: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x70xf32>
// CHECK-COUNT-4: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x70x130xf32>
// CHECK-COUNT-4: memref.store %{{.*}}, %[[TA]]
// CHECK-COUNT-4: memref.store %{{.*}}, %[[TB]]
// CHECK: gpu.barrier
// CHECK: %[[KLOOP:.*]]:16 = scf.for %{{.*}} = %c0{{.*}} to %c70{{.*}} step %c16{{.*}} iter_args(
// CHECK-COUNT-4: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x70xf32>
// CHECK-COUNT-4: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x70x130xf32>
// CHECK-NOT: gpu.barrier
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-4: memref.load %[[TA]]
// CHECK-COUNT-4: memref.load %[[TB]]
// CHECK-COUNT-16: arith.addf {{.*}} fastmath<contract>
// CHECK: gpu.barrier
// CHECK-COUNT-4: memref.store %{{.*}}, %[[TA]]
// CHECK-COUNT-4: memref.store %{{.*}}, %[[TB]]
// CHECK: gpu.barrier
// CHECK-COUNT-16: memref.store %[[KLOOP]]#{{[0-9]+}}, %{{.*}}[%[[BZ]],
//
// On tensor cores: 4 warps per 64x64 tile of C; C staged through workgroup
// memory into four 16x16 f32 fragments per warp; A and B staged (rounded)
// two fragment depths at a time, software-pipelined: each K step loads the
// next step's values first, multiplies (2 x 2 x 2 fragment products), then
// stores them into the tiles between barriers.
// TC-LABEL: func.func @batch_matmul
// TF32: gpu.launch blocks(%[[BX:.*]], %[[BY:.*]], %[[BZ:.*]]) in ({{.*}} = %c3{{.*}}, {{.*}} = %c2{{.*}}, {{.*}} = %c5{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %c128{{.*}}, {{.*}} = %c1{{.*}}, {{.*}}) workgroup(%[[TA:.*]] : memref<64x20xf32, #gpu.address_space<workgroup>>, %[[TB:.*]] : memref<16x68xf32, #gpu.address_space<workgroup>>, %[[TCC:.*]] : memref<64x68xf32, #gpu.address_space<workgroup>>)
// F16: gpu.launch blocks(%[[BX:.*]], %[[BY:.*]], %[[BZ:.*]]) in ({{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %c128{{.*}}, {{.*}}) workgroup(%[[TA:.*]] : memref<64x40xf16, #gpu.address_space<workgroup>>, %[[TB:.*]] : memref<32x72xf16, #gpu.address_space<workgroup>>, %[[TCC:.*]] : memref<64x68xf32, #gpu.address_space<workgroup>>)
// TC: %[[WARP:.*]] = arith.divui %[[TX]], %c32
// TC: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x130xf32>
// TC: memref.store %{{.*}}, %[[TCC]]
// TC: gpu.barrier
// TC-COUNT-4: gpu.subgroup_mma_load_matrix %[[TCC]][{{.*}}] {leadDimension = 68 : index} : memref<64x68xf32, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x16xf32, "COp">
// The first step's values.
// TF32-COUNT-8: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x70xf32>
// F16-COUNT-16: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x70xf32>
// TF32-COUNT-8: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x70x130xf32>
// F16-COUNT-16: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x70x130xf32>
// TF32: %[[R:.*]] = nvvm.convert.float.to.tf32 %{{.*}} {rnd = #nvvm.fp_rnd_mode<rna>}
// TF32: %[[RA:.*]] = arith.bitcast %[[R]] : i32 to f32
// F16: %[[RA:.*]] = arith.truncf %{{.*}} : f32 to f16
// TC: memref.store %[[RA]], %[[TA]]
// TF32: nvvm.convert.float.to.tf32
// F16: arith.truncf
// TC: memref.store %{{.*}}, %[[TB]]
// TC: gpu.barrier
// TF32: %[[ACC:.*]]:4 = scf.for %[[K:.*]] = %{{.*}} to %c70{{.*}} step %[[STEP:c16[_0-9]*]] iter_args(
// F16: %[[ACC:.*]]:4 = scf.for %[[K:.*]] = %{{.*}} to %c70{{.*}} step %[[STEP:c32[_0-9]*]] iter_args(
// The next step's loads come first...
// TC: %[[NEXT:.*]] = arith.addi %[[K]], %{{.*}} : index
// TC: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x70xf32>
// TC: memref.load %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x70x130xf32>
// TC-NOT: gpu.barrier
// ...then this step's products...
// TF32-COUNT-2: gpu.subgroup_mma_load_matrix %[[TA]][{{.*}}] {leadDimension = 20 : index} : memref<64x20xf32, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x8xf32, "AOp">
// TF32-COUNT-2: gpu.subgroup_mma_load_matrix %[[TB]][{{.*}}] {leadDimension = 68 : index} : memref<16x68xf32, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<8x16xf32, "BOp">
// F16-COUNT-2: gpu.subgroup_mma_load_matrix %[[TA]][{{.*}}] {leadDimension = 40 : index} : memref<64x40xf16, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x16xf16, "AOp">
// F16-COUNT-2: gpu.subgroup_mma_load_matrix %[[TB]][{{.*}}] {leadDimension = 72 : index} : memref<32x72xf16, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x16xf16, "BOp">
// TC-COUNT-4: gpu.subgroup_mma_compute
// TC-COUNT-2: gpu.subgroup_mma_load_matrix %[[TA]]
// TC-COUNT-2: gpu.subgroup_mma_load_matrix %[[TB]]
// TC-COUNT-4: gpu.subgroup_mma_compute
// TC-NOT: gpu.subgroup_mma_compute
// ...then, once every warp is done with the tiles, the next step's values
// go in.
// TC: gpu.barrier
// TC: memref.store %{{.*}}, %[[TA]]
// TC: memref.store %{{.*}}, %[[TB]]
// TC: gpu.barrier
// TC: scf.yield
// TC: gpu.subgroup_mma_store_matrix %[[ACC]]#0, %[[TCC]]
// TC: gpu.subgroup_mma_store_matrix %[[ACC]]#1, %[[TCC]]
// TC: gpu.subgroup_mma_store_matrix %[[ACC]]#2, %[[TCC]]
// TC: gpu.subgroup_mma_store_matrix %[[ACC]]#3, %[[TCC]]
// TC: gpu.barrier
// TC: %[[OUT:.*]] = memref.load %[[TCC]]
// TC: memref.store %[[OUT]], %{{.*}}[%[[BZ]], %{{.*}}, %{{.*}}] : memref<5x100x130xf32>
func.func @batch_matmul(%a: memref<5x100x70xf32>, %b: memref<5x70x130xf32>, %c: memref<5x100x130xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<5x100x70xf32>, memref<5x70x130xf32>) outs(%c : memref<5x100x130xf32>)
  return
}

// -----

// Copies between device buffers are kernels too (16 bytes per thread).
// CHECK-LABEL: func.func @copy
// CHECK: gpu.launch
// CHECK: vector.load {{.*}} : memref<4x8xf32>, vector<4xf32>
// CHECK: vector.store {{.*}} : memref<4x8xf32>, vector<4xf32>
// CHECK-NOT: memref.copy
func.func @copy(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}

// -----

// More row tiles than the grid's y holds (65535): not a tiled matmul, on
// CUDA or tensor cores; one thread per output instead.
// CHECK-LABEL: func.func @too_many_row_tiles
// CHECK-NOT: workgroup(
// CHECK: gpu.launch
// CHECK-NOT: workgroup(
// TC-LABEL: func.func @too_many_row_tiles
// TC-NOT: gpu.subgroup_mma
func.func @too_many_row_tiles(%a: memref<4194241x2xf32>, %b: memref<2x3xf32>, %c: memref<4194241x3xf32>) {
  linalg.matmul ins(%a, %b : memref<4194241x2xf32>, memref<2x3xf32>) outs(%c : memref<4194241x3xf32>)
  return
}

// -----

// A Linear layer on [1, 128, 64] (m loops of 1 and 128): a tiled matmul
// (grid 1 x 2 x 1) whose row index is the loop of 128, the unit loop 0.
// CHECK-LABEL: func.func @linear_layer
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}} = %c2{{.*}}, {{.*}} = %c1{{.*}}) threads({{.*}}) in ({{.*}} = %c16{{.*}}, {{.*}} = %c16{{.*}}, {{.*}}) workgroup(
// CHECK-NOT: affine.delinearize_index
// CHECK: memref.load %{{.*}}[%c0{{.*}}, %{{.*}}, %{{.*}}] : memref<1x128x64xf32>
// TC-LABEL: func.func @linear_layer
// TC-COUNT-8: gpu.subgroup_mma_compute
func.func @linear_layer(%a: memref<1x128x64xf32>, %b: memref<64x48xf32>, %c: memref<1x128x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<1x128x64xf32>, memref<64x48xf32>) outs(%c : memref<1x128x48xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Two m loops (2, 5) and two n loops (3, 4), as a broadcast batched matmul
// gives: rows 2 * 5 and columns 3 * 4, linearized in loop order.
// CHECK-LABEL: func.func @several_m_and_n_loops
// CHECK: gpu.launch
// CHECK-DAG: affine.delinearize_index %{{.*}} into (2, 5)
// CHECK-DAG: affine.delinearize_index %{{.*}} into (3, 4)
// TC-LABEL: func.func @several_m_and_n_loops
// TC: gpu.subgroup_mma_compute
func.func @several_m_and_n_loops(%a: memref<2x5x7xf32>, %b: memref<3x7x4xf32>, %c: memref<2x3x5x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j, p, q, k) -> (i, p, k)>, affine_map<(i, j, p, q, k) -> (j, k, q)>, affine_map<(i, j, p, q, k) -> (i, j, p, q)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<2x5x7xf32>, memref<3x7x4xf32>) outs(%c : memref<2x3x5x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
