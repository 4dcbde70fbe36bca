// RUN: dlc-opt %s -dlc-outline-parallel-loops | FileCheck %s

// The exported hook the runtime fills in, and the dispatcher that falls back
// to a serial call while it is unset.
// CHECK: llvm.mlir.global external @dlc_artifact_parallel_for()
// CHECK: llvm.func internal @__dlc_parallel_for(%[[BODY:.*]]: !llvm.ptr, %[[CTX:.*]]: !llvm.ptr, %[[N:.*]]: i64)
// CHECK:   %[[HOOK:.*]] = llvm.load
// CHECK:   llvm.cond_br
// CHECK:   llvm.call %[[BODY]](%[[CTX]], %{{.*}}, %[[N]])
// CHECK:   llvm.call %[[HOOK]](%[[BODY]], %[[CTX]], %[[N]])

// The body: captures come back from the context (the strided view as a full
// descriptor), constants are cloned, and iteration i runs at lb + i * step.
// CHECK: func.func private @scale_parallel(%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK:   arith.constant 2.000000e+00
// CHECK:   %[[DESC:.*]] = llvm.insertvalue {{.*}}[4, 1]
// CHECK:   %[[VIEW:.*]] = builtin.unrealized_conversion_cast %[[DESC]] : {{.*}} to memref<8x16xf32, strided<[32, 1], offset: ?>>
// CHECK:   scf.for %[[I:.*]] = {{.*}} {
// CHECK:     %[[OFF:.*]] = arith.muli %[[I]]
// CHECK:     %[[IV:.*]] = arith.addi %{{.*}}, %[[OFF]]
// CHECK:     memref.load %[[VIEW]][%[[IV]]

// The host: captures stored into an entry-block context, trip count computed,
// the marked loop replaced by the dispatch; the unmarked loop stays.
// CHECK-LABEL: func.func @scale
// CHECK:   %[[CTXH:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:   memref.extract_aligned_pointer_as_index
// CHECK:   memref.extract_strided_metadata
// CHECK:   arith.ceildivsi
// CHECK:   %[[FN:.*]] = constant @scale_parallel
// CHECK:   %[[FNPTR:.*]] = builtin.unrealized_conversion_cast %[[FN]]
// CHECK:   llvm.call @__dlc_parallel_for(%[[FNPTR]], %[[CTXH]], %{{.*}})
// CHECK-NOT: dlc.parallel
// CHECK:   scf.for
func.func @scale(%buf: memref<8x32xf32>, %offset: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %two = arith.constant 2.0 : f32
  %view = memref.subview %buf[0, %offset] [8, 16] [1, 1] : memref<8x32xf32> to memref<8x16xf32, strided<[32, 1], offset: ?>>
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %view[%i, %j] : memref<8x16xf32, strided<[32, 1], offset: ?>>
      %w = arith.mulf %v, %two : f32
      memref.store %w, %view[%i, %j] : memref<8x16xf32, strided<[32, 1], offset: ?>>
    }
  } {dlc.parallel}
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %two, %buf[%i, %c0] : memref<8x32xf32>
  }
  return
}
