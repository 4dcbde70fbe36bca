// RUN: dlc-opt %s --dlc-annotate-memory-footprint --split-input-file | FileCheck %s

// Constants count as weights; buffers count while live, with their alignment
// padding: %a (4096+64) and %b (1024) overlap (5184), %c (2048) comes after
// %a is freed through a view (3072), and the callee's peak (8192) adds to
// what is live at the call: 11264.
// CHECK: module attributes {dlc.weight_bytes = 40 : i64, dlc.workspace_bytes = 11264 : i64}
module {
  memref.global "private" constant @weights : memref<10xf32> = dense<1.0>
  memref.global "private" @state : memref<100xf32> = uninitialized
  func.func private @helper() {
    %t = memref.alloc() : memref<2048xf32>
    memref.dealloc %t : memref<2048xf32>
    return
  }
  func.func @main(%out: memref<4xf32>) {
    %a = memref.alloc() {alignment = 64 : i64} : memref<1024xf32>
    %b = memref.alloc() : memref<256xf32>
    %view = memref.subview %a[0] [512] [1] : memref<1024xf32> to memref<512xf32, strided<[1]>>
    memref.dealloc %view : memref<512xf32, strided<[1]>>
    %c = memref.alloc() : memref<512xf32>
    func.call @helper() : () -> ()
    memref.dealloc %b : memref<256xf32>
    memref.dealloc %c : memref<512xf32>
    return
  }
}

// -----

// A buffer of dynamic size leaves the workspace unknown (not recorded).
// CHECK: module attributes {dlc.weight_bytes = 0 : i64} {
module {
  func.func @main(%n: index) {
    %a = memref.alloc(%n) : memref<?xf32>
    memref.dealloc %a : memref<?xf32>
    return
  }
}

// -----

// A loop body counts once: 400 live + 4 x (alloc 1000, free) peaks at 1400.
// CHECK: module attributes {dlc.weight_bytes = 0 : i64, dlc.workspace_bytes = 1400 : i64}
module {
  func.func @main() {
    %a = memref.alloc() : memref<100xf32>
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %c4 step %c1 {
      %inner = memref.alloc() : memref<250xf32>
      memref.dealloc %inner : memref<250xf32>
    }
    memref.dealloc %a : memref<100xf32>
    return
  }
}
