// RUN: dlc-opt %s -split-input-file -dlc-outline-kernels | FileCheck %s

// Kernels become private functions tagged with their device, called from
// the host function in the same order.
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.device = "cpu"}
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[A]]
// CHECK-NEXT: return %[[R]]
// CHECK-LABEL: func.func private @main_kernel_1
// CHECK-SAME: (%{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.device = "cpu"}
// CHECK-NEXT: dlc.mul
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[C0:.*]] = call @main_kernel_0(%[[X]])
// CHECK-NEXT: %[[C1:.*]] = call @main_kernel_1(%[[C0]], %[[X]])
// CHECK-NEXT: return %[[C1]]
// CHECK-NOT: dlc.kernel
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.kernel "cpu"(%x : tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %r = dlc.relu %a : tensor<4xf32>
    dlc.yield %r : tensor<4xf32>
  }
  %1 = dlc.kernel "cpu"(%0, %x : tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %r = dlc.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    dlc.yield %r : tensor<4xf32>
  }
  return %1 : tensor<4xf32>
}

// -----

// With kernels on two devices, the host device's kernels stay calls
// (no_inline) whose arguments are only read: the GPU program calls them.
// CHECK-LABEL: func.func private @mixed_kernel_0
// CHECK-SAME: (%{{.*}}: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.device = "cuda"}
// CHECK-LABEL: func.func private @mixed_kernel_1
// CHECK-SAME: (%{{.*}}: tensor<4xf32> {bufferization.access = "read"}, %{{.*}}: tensor<4xf32> {bufferization.access = "read"}) -> tensor<4xf32> attributes {dlc.device = "cpu", no_inline}
func.func @mixed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.kernel "cuda"(%x : tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %r = dlc.relu %a : tensor<4xf32>
    dlc.yield %r : tensor<4xf32>
  }
  %1 = dlc.kernel "cpu"(%0, %x : tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %r = dlc.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    dlc.yield %r : tensor<4xf32>
  }
  return %1 : tensor<4xf32>
}
