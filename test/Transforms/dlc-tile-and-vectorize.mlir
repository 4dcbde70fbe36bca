// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-select-lowering{cache-tile-m=12 cache-tile-n=32 cache-tile-k=16},dlc-tile-and-vectorize),canonicalize)' | FileCheck %s
// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-select-lowering,dlc-tile-and-vectorize),canonicalize)' | FileCheck %s --check-prefix=PACK
// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-select-lowering{vector-bits=512 register-tile-m=8},dlc-tile-and-vectorize),canonicalize)' | FileCheck %s --check-prefix=WIDE
// The output (ub.poison pads vector reads) parses back into dlc-opt.
// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-select-lowering,dlc-tile-and-vectorize))' | dlc-opt | FileCheck %s --check-prefix=REPARSE
// REPARSE: ub.poison

// A 20x40x16 matmul: one block of rows (rows that fit two 12-row blocks are
// one block), blocks of 32 columns (peeled: 32 + 8); register tiles of 6x16 (the last rows 2x16,
// the last columns 6x8) accumulate in registers across the K loop.
// CHECK-LABEL: func @matmul
// CHECK-NOT: linalg.matmul
// CHECK: scf.for
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} vector<6x16xf32>
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[IT:.*]] = %[[ACC]]) -> (vector<6x16xf32>)
// CHECK:   %[[LHS:.*]] = vector.transfer_read {{.*}} vector<6x1xf32>
// CHECK:   %[[RHS:.*]] = vector.transfer_read {{.*}} vector<1x16xf32>
// CHECK:   vector.contract {{.*}} %[[LHS]], %[[RHS]], %[[IT]] : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// CHECK: vector.transfer_write %[[SUM]]
// CHECK-DAG: vector.contract {{.*}} : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
// CHECK-DAG: vector.contract {{.*}} : vector<6x1xf32>, vector<1x8xf32> into vector<6x8xf32>
func.func @matmul(%a: tensor<20x16xf32>, %b: tensor<16x40xf32>, %c: tensor<20x40xf32>) -> tensor<20x40xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<20x16xf32>, tensor<16x40xf32>) outs(%c : tensor<20x40xf32>) -> tensor<20x40xf32>
  return %0 : tensor<20x40xf32>
}

// Elementwise ops: rows of 32 lanes (four 256-bit vectors); the 40-wide rows
// peel into 32 + 8.
// CHECK-LABEL: func @elementwise
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} vector<32xf32>
// CHECK: math.exp {{.*}} : vector<32xf32>
// CHECK: vector.transfer_read {{.*}} vector<8xf32>
// CHECK: math.exp {{.*}} : vector<8xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise(%x: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %init = tensor.empty() : tensor<3x40xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x40xf32>) outs(%init : tensor<3x40xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<3x40xf32>
  return %0 : tensor<3x40xf32>
}

// Booleans stay scalar: LLVM stores i1 vectors bit-packed, dlc stores bytes.
// CHECK-LABEL: func @booleans
// CHECK: linalg.generic
// CHECK-NOT: vector.
func.func @booleans(%x: tensor<4x64xf32>) -> tensor<4x64xi1> {
  %init = tensor.empty() : tensor<4x64xi1>
  %zero = arith.constant 0.0 : f32
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x64xf32>) outs(%init : tensor<4x64xi1>) {
  ^bb0(%in: f32, %out: i1):
    %c = arith.cmpf one, %in, %zero : f32
    linalg.yield %c : i1
  } -> tensor<4x64xi1>
  return %0 : tensor<4x64xi1>
}

// Enough work to wake the thread pool: the outermost loop with more than one
// iteration is marked for dlc-outline-parallel-loops (the batch of 1 is not).
// CHECK-LABEL: func @parallel_rows
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1
// CHECK: } {dlc.parallel}
func.func @parallel_rows(%x: tensor<1x64x1024xf32>) -> tensor<1x64x1024xf32> {
  %init = tensor.empty() : tensor<1x64x1024xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x64x1024xf32>) outs(%init : tensor<1x64x1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<1x64x1024xf32>
  return %0 : tensor<1x64x1024xf32>
}

// Threads split a contraction block's 16-column panels (they share the A
// block), here 32 per block of 72 rows...
// PACK-LABEL: func @parallel_panels
// PACK: scf.for {{.*}} to %c216 step %c72
// PACK: scf.for {{.*}} to %c32 step %c1
// PACK-NOT: dlc.parallel
// PACK: scf.for {{.*}} to %c72 step %c6
// PACK: } {dlc.parallel}
func.func @parallel_panels(%a: tensor<216x64xf32>, %b: tensor<64x512xf32>, %c: tensor<216x512xf32>) -> tensor<216x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<216x64xf32>, tensor<64x512xf32>) outs(%c : tensor<216x512xf32>) -> tensor<216x512xf32>
  return %0 : tensor<216x512xf32>
}

// 196 columns are 12 full panels and one of 4 columns. Threads split the
// full panels, and then the row tiles of the narrow panel (rather than one
// thread running it while the others wait); the 4x4 corner tile and the
// K loops stay serial.
// PACK-LABEL: func @parallel_remainder_panel
// PACK: scf.for {{.*}} to %c192 step %c16
// PACK:   vector.contract {{.*}} into vector<6x16xf32>
// PACK: } {dlc.parallel}
// PACK: scf.for {{.*}} to %c60 step %c6
// PACK:   scf.for {{.*}} to %c256 step %c1 {{.*}} -> (vector<6x4xf32>)
// PACK:   vector.contract {{.*}} into vector<6x4xf32>
// PACK-NOT: dlc.parallel
// PACK: } {dlc.parallel}
// PACK: scf.for {{.*}} to %c256 step %c1 {{.*}} -> (vector<4x4xf32>)
// PACK-NOT: dlc.parallel
// PACK: return
func.func @parallel_remainder_panel(%a: tensor<64x256xf32>, %b: tensor<256x196xf32>, %c: tensor<64x196xf32>) -> tensor<64x196xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x256xf32>, tensor<256x196xf32>) outs(%c : tensor<64x196xf32>) -> tensor<64x196xf32>
  return %0 : tensor<64x196xf32>
}

// Rows that fit two blocks are one block: B's block is streamed once.
// PACK-LABEL: func @two_blocks_of_rows
// PACK-NOT: step %c72
// PACK: scf.for {{.*}} to %c126 step %c6 {{.*}} -> (tensor<128x32x16xf32>)
func.func @two_blocks_of_rows(%a: tensor<128x64xf32>, %b: tensor<64x512xf32>, %c: tensor<128x512xf32>) -> tensor<128x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x64xf32>, tensor<64x512xf32>) outs(%c : tensor<128x512xf32>) -> tensor<128x512xf32>
  return %0 : tensor<128x512xf32>
}

// ...unless a block has fewer than four panels and more row blocks than
// panels (a 7x7 convolution's 49 columns are three panels and a column):
// then they split the row blocks, sized so that they divide evenly among 2,
// 3, 4 or 6 threads (12 blocks of 42 rows instead of 7 of 72; the 8 rows
// left run after them).
// PACK-LABEL: func @parallel_row_blocks
// PACK: scf.for {{.*}} to %c504 step %c42
// PACK-NOT: dlc.parallel
// PACK: scf.for {{.*}} to %c48 step %c16
// PACK-NOT: dlc.parallel
// PACK: } {dlc.parallel}
// PACK-NOT: dlc.row_blocks
func.func @parallel_row_blocks(%a: tensor<512x64xf32>, %b: tensor<64x49xf32>, %c: tensor<512x49xf32>) -> tensor<512x49xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<512x64xf32>, tensor<64x49xf32>) outs(%c : tensor<512x49xf32>) -> tensor<512x49xf32>
  return %0 : tensor<512x49xf32>
}

// With enough rows per block (48 >= 4 register rows) and rows of B a
// multiple of 512 bytes apart (which map onto at most 8 of L1's 64 sets),
// more than half of those sets' ways, B is first copied into 16-wide column
// panels, [N/16][K][16], hoisted out of the M loop; register tiles then read
// contiguous 1x16 rows of a panel.
// PACK-LABEL: func @packed_panels
// PACK: %[[PANELS:.*]] = scf.for {{.*}} -> (tensor<8x64x16xf32>)
// PACK:   vector.transfer_write {{.*}} tensor<8x64x16xf32>
// PACK: scf.for {{.*}} -> (tensor<48x8x16xf32>)
// PACK:   scf.for {{.*}} -> (vector<6x16xf32>)
// PACK:     vector.transfer_read %[[PANELS]]{{.*}} vector<1x16xf32>
// PACK:     vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
func.func @packed_panels(%a: tensor<48x64xf32>, %b: tensor<64x128xf32>, %c: tensor<48x128xf32>) -> tensor<48x128xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<48x64xf32>, tensor<64x128xf32>) outs(%c : tensor<48x128xf32>) -> tensor<48x128xf32>
  return %0 : tensor<48x128xf32>
}

// The same stride with K = 16: a panel's 16 lines take 2 of the 8 ways of
// the 8 sets they reach, so B is read in place (MobileNetV2's 16-channel
// expansions).
// PACK-LABEL: func @shallow_panels
// PACK-NOT: tensor<8x16x16xf32>
// PACK: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
func.func @shallow_panels(%a: tensor<48x16xf32>, %b: tensor<16x128xf32>, %c: tensor<48x128xf32>) -> tensor<48x128xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<48x16xf32>, tensor<16x128xf32>) outs(%c : tensor<48x128xf32>) -> tensor<48x128xf32>
  return %0 : tensor<48x128xf32>
}

// Rows 576 bytes apart spread over L1's sets: register tiles read B in place.
// PACK-LABEL: func @unpacked_stride
// PACK-NOT: tensor<9x16x16xf32>
// PACK: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// PACK-LABEL: func @row_sum
func.func @unpacked_stride(%a: tensor<48x16xf32>, %b: tensor<16x144xf32>, %c: tensor<48x144xf32>) -> tensor<48x144xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<48x16xf32>, tensor<16x144xf32>) outs(%c : tensor<48x144xf32>) -> tensor<48x144xf32>
  return %0 : tensor<48x144xf32>
}

// Reductions over the innermost loops: one output element per tile, the
// whole reduced row in one vector.
// CHECK-LABEL: func @row_sum
// CHECK: scf.for
// CHECK: %[[ROW:.*]] = vector.transfer_read {{.*}} vector<96xf32>
// CHECK: vector.multi_reduction <add>, %[[ROW]], {{.*}} [0] : vector<96xf32> to f32
func.func @row_sum(%x: tensor<5x96xf32>, %init: tensor<5xf32>) -> tensor<5xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<5x96xf32>) outs(%init : tensor<5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// A constant pad is a vectorized fill of the result and a vectorized copy of
// the source into its interior.
// CHECK-LABEL: func @pad
// CHECK-NOT: tensor.pad
// CHECK: vector.transfer_write %{{.*}} : vector<1x10xf32>, tensor<4x10xf32>
// CHECK: vector.transfer_read %{{.*}} : tensor<2x7xf32>, vector<1x7xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<1x7xf32>, tensor<2x7xf32>
// CHECK: tensor.insert_slice %{{.*}}[1, 2] [2, 7] [1, 1] : tensor<2x7xf32> into tensor<4x10xf32>
func.func @pad(%x: tensor<2x7xf32>) -> tensor<4x10xf32> {
  %zero = arith.constant 0.0 : f32
  %0 = tensor.pad %x low[1, 2] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x7xf32> to tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// When the padded tensor's producer writes a fresh tensor it does not read,
// it writes straight into the padded buffer's interior: fill, then the
// producer's (relu's) vectors land in the interior slice, and the final
// insert_slice puts that slice back where it came from (no copy once
// bufferized).
// CHECK-LABEL: func @pad_producer_in_place
// CHECK: %[[FILLED:.*]] = scf.for {{.*}} -> (tensor<4x10xf32>)
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[FILLED]][1, 2] [2, 7] [1, 1]
// CHECK: %[[RELU:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INTERIOR]])
// CHECK: vector.transfer_read
// CHECK: arith.maximumf
// CHECK-NOT: vector.transfer_read
// CHECK: tensor.insert_slice %[[RELU]] into %[[FILLED]][1, 2] [2, 7] [1, 1]
func.func @pad_producer_in_place(%x: tensor<2x7xf32>) -> tensor<4x10xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x7xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<2x7xf32>) outs(%empty : tensor<2x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x7xf32>
  %0 = tensor.pad %relu low[1, 2] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x7xf32> to tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// A contraction whose accumulator starts from a broadcast bias, with K in
// one cache block (16), does not fill its result first: its register tiles
// start from the bias itself (a broadcasting read) instead of reading a
// buffer filled just before.
// CHECK-LABEL: func @bias_initialized
// CHECK-SAME: %[[A:[a-z0-9]+]]: tensor<24x16xf32>, %{{.*}}: tensor<16x64xf32>, %[[BIAS:[a-z0-9]+]]: tensor<24xf32>
// CHECK-NOT: linalg.generic
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<24x64xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[EMPTY]])
// CHECK: %[[START:.*]] = vector.transfer_read %[[BIAS]][{{.*}}]{{.*}} : tensor<24xf32>, vector<6x16xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[START]]) -> (vector<6x16xf32>)
// CHECK: vector.transfer_read %[[A]]
// CHECK: vector.contract
func.func @bias_initialized(%a: tensor<24x16xf32>, %b: tensor<16x64xf32>, %bias: tensor<24xf32>) -> tensor<24x64xf32> {
  %empty = tensor.empty() : tensor<24x64xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<24xf32>) outs(%empty : tensor<24x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<24x64xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<24x16xf32>, tensor<16x64xf32>) outs(%init : tensor<24x64xf32>) -> tensor<24x64xf32>
  return %0 : tensor<24x64xf32>
}

// With K over several cache blocks, the bias is a pass of its own (rows of
// broadcast vectors) that the register tiles read back.
// CHECK-LABEL: func @bias_deep_k
// CHECK: vector.transfer_read %{{.*}} : tensor<24xf32>, vector<32xf32>
// CHECK: vector.transfer_write
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}}[%c0, %c0], %{{.*}} : tensor<6x16xf32>, vector<6x16xf32>
// CHECK: vector.contract
func.func @bias_deep_k(%a: tensor<24x32xf32>, %b: tensor<32x64xf32>, %bias: tensor<24xf32>) -> tensor<24x64xf32> {
  %empty = tensor.empty() : tensor<24x64xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<24xf32>) outs(%empty : tensor<24x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<24x64xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<24x32xf32>, tensor<32x64xf32>) outs(%init : tensor<24x64xf32>) -> tensor<24x64xf32>
  return %0 : tensor<24x64xf32>
}

// A convolution's bias reaches its matmul through a collapse_shape of the
// NCHW result; the bias broadcast is rebuilt in the matrix shape (channel
// = row) and fused the same way.
// CHECK-LABEL: func @bias_through_collapse
// CHECK-SAME: %[[BIAS:[a-z0-9]+]]: tensor<12xf32>
// CHECK-NOT: linalg.generic
// CHECK: %[[START:.*]] = vector.transfer_read %[[BIAS]][{{.*}}]{{.*}} : tensor<12xf32>, vector<6x16xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[START]]) -> (vector<6x16xf32>)
// CHECK: vector.contract
func.func @bias_through_collapse(%a: tensor<12x8xf32>, %b: tensor<8x16xf32>, %bias: tensor<12xf32>) -> tensor<12x16xf32> {
  %empty = tensor.empty() : tensor<1x12x4x4xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<12xf32>) outs(%empty : tensor<1x12x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x12x4x4xf32>
  %acc = tensor.collapse_shape %init [[0, 1], [2, 3]] : tensor<1x12x4x4xf32> into tensor<12x16xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<12x8xf32>, tensor<8x16xf32>) outs(%acc : tensor<12x16xf32>) -> tensor<12x16xf32>
  return %0 : tensor<12x16xf32>
}

// A fill shared by two accumulating ops is duplicated, so that each writes
// its own buffer instead of a copy of the shared one.
// CHECK-LABEL: func @shared_fill
// CHECK-COUNT-2: vector.transfer_write %cst{{.*}} : vector<1x8xf32>, tensor<4x8xf32>
func.func @shared_fill(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %0 = linalg.add ins(%a, %fill : tensor<4x8xf32>, tensor<4x8xf32>) outs(%fill : tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = linalg.add ins(%b, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%fill : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// A matrix-vector product (a classifier's last layer at batch 1): the tiles
// keep their unit row, so they stay matmuls that lower to broadcast FMAs,
// not a contraction over 16x1 vectors (one scalar multiply-add per lane).
// CHECK-LABEL: func @matvec
// CHECK: vector.contract {{.*}} : vector<1x1xf32>, vector<1x16xf32> into vector<1x16xf32>
// CHECK-NOT: vector<16x1xf32>
// CHECK: return
func.func @matvec(%x: tensor<1x64xf32>, %w: tensor<64x48xf32>, %c: tensor<1x48xf32>) -> tensor<1x48xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<1x64xf32>, tensor<64x48xf32>) outs(%c : tensor<1x48xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %1 = arith.mulf %a, %b : f32
    %2 = arith.addf %acc, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<1x48xf32>
  return %0 : tensor<1x48xf32>
}

// A constant B (weights) is packed into panels at compile time, whatever its
// row stride: blocks read slices of the packed constant, nothing is copied
// at run time.
// PACK-LABEL: func @prepacked_weights
// PACK: %[[PACKED:.*]] = arith.constant dense<{{.*}}> : tensor<2x4x16xf32>
// PACK-NOT: linalg.transpose
// PACK: vector.transfer_read %[[PACKED]]{{.*}} vector<1x16xf32>
// PACK: return
func.func @prepacked_weights(%a: tensor<48x4xf32>, %c: tensor<48x32xf32>) -> tensor<48x32xf32> {
  %w = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0], [32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0], [64.0, 65.0, 66.0, 67.0, 68.0, 69.0, 70.0, 71.0, 72.0, 73.0, 74.0, 75.0, 76.0, 77.0, 78.0, 79.0, 80.0, 81.0, 82.0, 83.0, 84.0, 85.0, 86.0, 87.0, 88.0, 89.0, 90.0, 91.0, 92.0, 93.0, 94.0, 95.0], [96.0, 97.0, 98.0, 99.0, 100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 125.0, 126.0, 127.0]]> : tensor<4x32xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<48x4xf32>, tensor<4x32xf32>) outs(%c : tensor<48x32xf32>) -> tensor<48x32xf32>
  return %0 : tensor<48x32xf32>
}

// The accumulator's initializer (a bias broadcast) is computed right before
// the contraction, after the op computing B (an im2col copy in a
// convolution), so that its writes do not evict B's source from the cache
// first. With K over several blocks (64 > 16) it stays a pass of its own.
// CHECK-LABEL: func @sunk_initializer
// CHECK: scf.for
// CHECK:   arith.negf {{.*}} : vector<32xf32>
// CHECK: scf.for
// CHECK:   vector.transfer_read %arg2
// CHECK: scf.for {{.*}} to %c64 step %c16
// CHECK:   vector.contract
func.func @sunk_initializer(%a: tensor<24x64xf32>, %x: tensor<64x32xf32>, %bias: tensor<24xf32>) -> tensor<24x32xf32> {
  %e = tensor.empty() : tensor<24x32xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%bias : tensor<24xf32>) outs(%e : tensor<24x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<24x32xf32>
  %e2 = tensor.empty() : tensor<64x32xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<64x32xf32>) outs(%e2 : tensor<64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<64x32xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<24x64xf32>, tensor<64x32xf32>) outs(%init : tensor<24x32xf32>) -> tensor<24x32xf32>
  return %0 : tensor<24x32xf32>
}

// A direct convolution (dlc.direct_convolution, from
// dlc-decompose-convolutions) over loops (f, oh, ow, c, kh, kw): threads
// split the output rows; each row's 16-column tiles and 6-channel tiles are
// matmul register tiles whose K runs as three loops (c, kh, kw) with the
// accumulator in registers, and whose B row is a 16-wide read of an input
// row at the window offset (no im2col copy).
// PACK-LABEL: func @direct_convolution
// PACK: scf.for %[[OH:.*]] = %c0 to %c48 step %c1
// PACK:   scf.for %[[OW:.*]] = %c0 to %c48 step %c16
// PACK:     scf.for %[[F:.*]] = %c0 to %c12 step %c6
// PACK:       scf.for %[[C:.*]] = %c0 to %c4 step %c1 {{.*}} -> (vector<6x16xf32>)
// PACK:         scf.for %[[KH:.*]] = %c0 to %c3 step %c1 {{.*}} -> (vector<6x16xf32>)
// PACK:           scf.for %[[KW:.*]] = %c0 to %c3 step %c1 {{.*}} -> (vector<6x16xf32>)
// PACK:             vector.transfer_read %arg0[%[[F]], %[[C]], %[[KH]], %[[KW]]]{{.*}} vector<6x1xf32>
// PACK:             %[[ROW:.*]] = affine.apply {{.*}}[%[[OH]], %[[KH]]]
// PACK:             %[[COL:.*]] = affine.apply {{.*}}[%[[OW]], %[[KW]]]
// PACK:             vector.transfer_read %arg1[%[[C]], %[[ROW]], %[[COL]]]{{.*}} vector<1x16xf32>
// PACK:             vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// PACK: } {dlc.parallel}
func.func @direct_convolution(%w: tensor<12x4x3x3xf32>, %x: tensor<4x50x50xf32>, %acc: tensor<12x48x48xf32>) -> tensor<12x48x48xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %x : tensor<12x4x3x3xf32>, tensor<4x50x50xf32>) outs(%acc : tensor<12x48x48xf32>) attrs = {dlc.direct_convolution} {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %1 = arith.mulf %in, %in_1 : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<12x48x48xf32>
  return %0 : tensor<12x48x48xf32>
}

// With a bias broadcast as its accumulator, each register tile starts from
// a broadcasting read of the bias: there is no pass filling the output.
// PACK-LABEL: func @direct_convolution_bias
// PACK: %[[EMPTY:.*]] = tensor.empty() : tensor<12x48x48xf32>
// PACK-NEXT: scf.for {{.*}} to %c48 step %c1 iter_args(%{{.*}} = %[[EMPTY]])
// PACK:   scf.for {{.*}} to %c48 step %c16
// PACK:     scf.for %[[F:.*]] = %c0 to %c12 step %c6
// PACK:       vector.transfer_read %arg2[%[[F]]]{{.*}} : tensor<12xf32>, vector<6x16xf32>
// PACK:       scf.for {{.*}} to %c4 step %c1 {{.*}} -> (vector<6x16xf32>)
// PACK: } {dlc.parallel}
// PACK-NEXT: return
func.func @direct_convolution_bias(%w: tensor<12x4x3x3xf32>, %x: tensor<4x50x50xf32>, %bias: tensor<12xf32>) -> tensor<12x48x48xf32> {
  %e = tensor.empty() : tensor<12x48x48xf32>
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%bias : tensor<12xf32>) outs(%e : tensor<12x48x48xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<12x48x48xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %x : tensor<12x4x3x3xf32>, tensor<4x50x50xf32>) outs(%acc : tensor<12x48x48xf32>) attrs = {dlc.direct_convolution} {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %1 = arith.mulf %in, %in_1 : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<12x48x48xf32>
  return %0 : tensor<12x48x48xf32>
}


// A strided direct convolution: each tile reads every other column of its
// input row's span as a strided slice (later a wide read and a shuffle).
// PACK-LABEL: func @strided_direct_convolution
// PACK: tensor.extract_slice %{{.*}}[0, 0, 0] [1, 1, 16] [1, 1, 2] : tensor<1x1x31xf32> to tensor<1x1x16xf32>
// PACK: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
func.func @strided_direct_convolution(%w: tensor<12x3x7x7xf32>, %x: tensor<3x101x101xf32>, %acc: tensor<12x48x48xf32>) -> tensor<12x48x48xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d1 * 2 + d4, d2 * 2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %x : tensor<12x3x7x7xf32>, tensor<3x101x101xf32>) outs(%acc : tensor<12x48x48xf32>) attrs = {dlc.direct_convolution} {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %1 = arith.mulf %in, %in_1 : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<12x48x48xf32>
  return %0 : tensor<12x48x48xf32>
}

// At 16 lanes, register tiles are 8 x 32: a 49-column GEMM (a 1x1
// convolution over 7x7 pixels) would leave a 17-column remainder tile and a
// 56-column direct convolution a 24-column one, vectorized at those odd
// widths. Each op is split instead where its last whole vector ends: the
// first part's tiles are whole vectors (32 + 16), the rest is narrower than
// one vector (1 column; 8 columns, a ymm).
// WIDE-LABEL: func @odd_columns_matmul
// WIDE-NOT: x17xf32>
// WIDE: vector.contract {{.*}} into vector<8x32xf32>
// WIDE-NOT: x17xf32>
// WIDE: vector.contract {{.*}} into vector<8x16xf32>
// WIDE-NOT: x17xf32>
// WIDE: vector.contract {{.*}} into vector<8x1xf32>
// WIDE-NOT: x17xf32>
// WIDE-LABEL: func @odd_columns_direct_convolution
func.func @odd_columns_matmul(%a: tensor<16x64xf32>, %b: tensor<64x49xf32>, %c: tensor<16x49xf32>) -> tensor<16x49xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x49xf32>) outs(%c : tensor<16x49xf32>) -> tensor<16x49xf32>
  return %0 : tensor<16x49xf32>
}

// WIDE-NOT: x24xf32>
// WIDE: vector.contract {{.*}} into vector<8x32xf32>
// WIDE-NOT: x24xf32>
// WIDE: vector.contract {{.*}} into vector<8x16xf32>
// WIDE-NOT: x24xf32>
// WIDE: vector.contract {{.*}} into vector<8x8xf32>
// WIDE-NOT: x24xf32>
// WIDE: return
func.func @odd_columns_direct_convolution(%w: tensor<8x4x3x3xf32>, %x: tensor<4x4x58xf32>, %acc: tensor<8x2x56xf32>) -> tensor<8x2x56xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %x : tensor<8x4x3x3xf32>, tensor<4x4x58xf32>) outs(%acc : tensor<8x2x56xf32>) attrs = {dlc.direct_convolution} {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %1 = arith.mulf %in, %in_1 : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<8x2x56xf32>
  return %0 : tensor<8x2x56xf32>
}
