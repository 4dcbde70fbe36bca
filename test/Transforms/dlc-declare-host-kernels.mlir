// RUN: dlc-opt %s --dlc-declare-host-kernels | FileCheck %s

// A bufferized CPU kernel of a GPU program becomes a declaration; its calls
// say how many leading operands are inputs (the arguments marked read), the
// rest being out-parameters. GPU kernels and the host program are untouched.
// CHECK-LABEL: func.func private @main_kernel_0(memref<4xf32> {bufferization.access = "read"}, memref<4xf32> {bufferization.access = "read"}, memref<4xf32>)
// CHECK-SAME: attributes {dlc.device = "cpu", no_inline}
// CHECK-NOT: linalg.mul
// CHECK-LABEL: func.func private @main_kernel_1(
// CHECK-NEXT: linalg.add
// CHECK-LABEL: func.func @main(
// CHECK: call @main_kernel_0(%{{.*}}, %{{.*}}, %{{.*}}) {dlc.host_kernel_inputs = 2 : i64}
// CHECK: call @main_kernel_1(%{{.*}}, %{{.*}}) :
func.func private @main_kernel_0(%a: memref<4xf32> {bufferization.access = "read"}, %b: memref<4xf32> {bufferization.access = "read"}, %out: memref<4xf32>) attributes {dlc.device = "cpu", no_inline} {
  linalg.mul ins(%a, %b : memref<4xf32>, memref<4xf32>) outs(%out : memref<4xf32>)
  return
}
func.func private @main_kernel_1(%a: memref<4xf32>, %out: memref<4xf32>) attributes {dlc.device = "cuda"} {
  linalg.add ins(%a, %a : memref<4xf32>, memref<4xf32>) outs(%out : memref<4xf32>)
  return
}
func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
  %t = memref.alloc() : memref<4xf32>
  call @main_kernel_0(%x, %x, %t) : (memref<4xf32>, memref<4xf32>, memref<4xf32>) -> ()
  call @main_kernel_1(%t, %y) : (memref<4xf32>, memref<4xf32>) -> ()
  memref.dealloc %t : memref<4xf32>
  return
}
