// RUN: dlc-opt %s -split-input-file -dlc-form-kernels | FileCheck %s
// RUN: dlc-opt %s -split-input-file -dlc-form-kernels=default-device=cuda | FileCheck %s --check-prefix=CUDA
// RUN: dlc-opt %s -split-input-file -dlc-form-kernels=fuse=false | FileCheck %s --check-prefix=UNFUSED

// A contraction takes its epilogue (bias, activation) into its kernel;
// constants stay on the host and enter kernels as operands; a value used
// twice is passed once.
// CHECK-LABEL: func @linear
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>)
// CHECK: %[[W:.*]] = dlc.constant
// CHECK: %[[K:.*]] = dlc.kernel "cpu"(%[[X]], %[[W]] : tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x3xf32>):
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %[[A]], %[[B]]
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[M]], %[[M]]
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[S]]
// CHECK-NEXT: dlc.yield %[[R]] : tensor<2x3xf32>
// CHECK: return %[[K]]
// CUDA-LABEL: func @linear
// CUDA: dlc.kernel "cuda"
// CUDA-NOT: dlc.kernel
// CUDA: return
// UNFUSED-LABEL: func @linear
// UNFUSED-COUNT-3: dlc.kernel "cpu"
func.func @linear(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = dlc.constant dense<0.5> : tensor<4x3xf32>
  %0 = dlc.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %1 = dlc.add %0, %0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = dlc.relu %1 : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// Elementwise producers fuse into a reduction, and elementwise epilogues of
// the reduction's result (layer norm -> gelu -> residual add) join it.
// CHECK-LABEL: func @layer_norm_chain
// CHECK: dlc.kernel "cpu"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.mul
// CHECK-NEXT: dlc.layer_norm
// CHECK-NEXT: dlc.gelu
// CHECK-NEXT: dlc.add
// CHECK-NEXT: dlc.yield
// CHECK-NOT: dlc.kernel
func.func @layer_norm_chain(%x: tensor<4x8xf32>, %g: tensor<8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dlc.mul %x, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = dlc.layer_norm %0, %g : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = dlc.gelu %1 : tensor<4x8xf32>
  %3 = dlc.add %2, %r : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

// GELU reads its input twice (x * (1 + erf(x / c)) / 2): the diamond's
// branches meet in one elementwise op, so the whole chain, and the layer
// norm producing x, is one kernel.
// CHECK-LABEL: func @gelu_diamond
// CHECK: dlc.kernel "cpu"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.layer_norm
// CHECK-NEXT: dlc.div
// CHECK-NEXT: dlc.erf
// CHECK-NEXT: dlc.add
// CHECK-NEXT: dlc.mul
// CHECK-NEXT: dlc.add
// CHECK-NEXT: dlc.yield
// CHECK-NOT: dlc.kernel
// UNFUSED-LABEL: func @gelu_diamond
// UNFUSED-COUNT-6: dlc.kernel "cpu"
func.func @gelu_diamond(%x: tensor<4x8xf32>, %g: tensor<8xf32>) -> tensor<4x8xf32> {
  %c = dlc.constant dense<1.4142135> : tensor<f32>
  %one = dlc.constant dense<1.0> : tensor<f32>
  %ln = dlc.layer_norm %x, %g : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %0 = dlc.div %ln, %c : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %1 = dlc.erf %0 : tensor<4x8xf32>
  %2 = dlc.add %1, %one : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %3 = dlc.mul %ln, %2 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %4 = dlc.add %3, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %4 : tensor<4x8xf32>
}

// -----

// Fusions that would compute something twice are refused: a producer with
// another user (exp), a producer whose result the consumer broadcasts
// (reduce_max into add), and a second reduction after the first (a
// reduction ends a kernel's prologue).
// CHECK-LABEL: func @refused
// CHECK: %[[E:.*]] = dlc.kernel "cpu"{{.*}} {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.exp
// CHECK-NEXT: dlc.yield
// CHECK: %[[S:.*]] = dlc.kernel "cpu"(%[[E]] : {{.*}}) -> tensor<2x3x1xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.add
// CHECK-NEXT: dlc.reduce_sum
// CHECK-NEXT: dlc.yield
// CHECK: %[[B:.*]] = dlc.kernel "cpu"(%[[S]] : {{.*}}) -> tensor<2x3x4xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.broadcast_to
// CHECK-NEXT: dlc.yield
// CHECK: %[[D:.*]] = dlc.kernel "cpu"(%[[E]], %[[B]] : {{.*}}) -> tensor<2x3x4xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.neg
// CHECK-NEXT: dlc.sub
// CHECK-NEXT: dlc.yield
// CHECK: %[[R:.*]] = dlc.kernel "cpu"(%[[D]] : {{.*}}) -> tensor<2x3x1xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.reduce_max
// CHECK-NEXT: dlc.yield
// CHECK: dlc.kernel "cpu"(%[[D]], %[[R]] : {{.*}}) -> tensor<2x3x4xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.add
// CHECK-NEXT: dlc.yield
func.func @refused(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %e = dlc.exp %x : tensor<2x3x4xf32>
  %a = dlc.add %e, %e : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %s = dlc.reduce_sum %a {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %n = dlc.neg %e : tensor<2x3x4xf32>
  %b = dlc.broadcast_to %s : tensor<2x3x1xf32> -> tensor<2x3x4xf32>
  %d = dlc.sub %b, %n : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %r = dlc.reduce_max %d {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %q = dlc.add %d, %r : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  return %q : tensor<2x3x4xf32>
}

// -----

// Ops on different devices never share a kernel; each kernel records its
// ops' placement reason.
// CHECK-LABEL: func @devices
// CHECK: dlc.kernel "cuda"{{.*}}attributes {dlc.placement = "first target"}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.exp
// CHECK-NOT: dlc.device
// CHECK: dlc.kernel "cpu"{{.*}}attributes {dlc.placement = "pinned"}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.neg
func.func @devices(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.exp %x {dlc.device = "cuda", dlc.placement = "first target"} : tensor<4xf32>
  %1 = dlc.neg %0 {dlc.device = "cpu", dlc.placement = "pinned"} : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Data movement ops get kernels of their own; contractions take no
// producers.
// CHECK-LABEL: func @opaque
// CHECK: dlc.kernel
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.relu
// CHECK-NEXT: dlc.yield
// CHECK: dlc.kernel
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.transpose
// CHECK-NEXT: dlc.yield
// CHECK: dlc.kernel
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.matmul
// CHECK-NEXT: dlc.yield
func.func @opaque(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = dlc.relu %x : tensor<4x4xf32>
  %1 = dlc.transpose %0 {perm = array<i64: 1, 0>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %2 = dlc.matmul %1, %x : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// An op with no result elements needs no kernel: it becomes a constant.
// CHECK-LABEL: func @empty_result
// CHECK-NOT: dlc.kernel
// CHECK: %[[E:.*]] = dlc.constant dense<> : tensor<0x3xf32>
// CHECK: return %[[E]]
func.func @empty_result(%x: tensor<0x3xf32>) -> tensor<0x3xf32> {
  %0 = dlc.relu %x : tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}
