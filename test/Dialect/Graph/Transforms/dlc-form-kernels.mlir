// RUN: dlc-opt %s -dlc-form-kernels | FileCheck %s
// RUN: dlc-opt %s -dlc-form-kernels=device=cuda | FileCheck %s --check-prefix=CUDA

// Each compute op gets its own kernel; constants stay on the host and enter
// kernels as operands; a value used twice is passed once.
// CHECK-LABEL: func @mlp
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>)
// CHECK: %[[W:.*]] = dlc.constant
// CHECK: %[[K0:.*]] = dlc.kernel "cpu"(%[[X]], %[[W]] : tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x3xf32>):
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %[[A]], %[[B]]
// CHECK-NEXT: dlc.yield %[[M]] : tensor<2x3xf32>
// CHECK: %[[K1:.*]] = dlc.kernel "cpu"(%[[K0]] : tensor<2x3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT: ^bb0(%[[C:.*]]: tensor<2x3xf32>):
// CHECK-NEXT: dlc.add %[[C]], %[[C]]
// CHECK: %[[K2:.*]] = dlc.kernel "cpu"(%[[K1]] : tensor<2x3xf32>)
// CHECK: dlc.relu
// CHECK: return %[[K2]]
// CUDA-COUNT-3: dlc.kernel "cuda"
func.func @mlp(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = dlc.constant dense<0.5> : tensor<4x3xf32>
  %0 = dlc.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %1 = dlc.add %0, %0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = dlc.relu %1 : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// An op with no result elements needs no kernel: it becomes a constant.
// CHECK-LABEL: func @empty_result
// CHECK-NOT: dlc.kernel
// CHECK: %[[E:.*]] = dlc.constant dense<> : tensor<0x3xf32>
// CHECK: return %[[E]]
func.func @empty_result(%x: tensor<0x3xf32>) -> tensor<0x3xf32> {
  %0 = dlc.relu %x : tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}
