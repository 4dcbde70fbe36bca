// RUN: dlc-opt %s -split-input-file -dlc-insert-transfers | FileCheck %s

// Host values (arguments, constants) move to the device of the kernels
// that read them, once per device; kernel results move where they are read;
// results computed off the host move back for the caller. Values read on
// their own device do not move.
// CHECK-LABEL: func @mixed
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[XD:.*]] = dlc.transfer %[[X]] from "cpu" to "cuda" : tensor<4xf32>
// CHECK-NEXT: %[[W:.*]] = dlc.constant
// CHECK-NEXT: %[[WD:.*]] = dlc.transfer %[[W]] from "cpu" to "cuda"
// CHECK-NEXT: %[[A:.*]] = dlc.kernel "cuda"(%[[XD]], %[[WD]] :
// CHECK: %[[AH:.*]] = dlc.transfer %[[A]] from "cuda" to "cpu"
// CHECK-NEXT: %[[B:.*]] = dlc.kernel "cpu"(%[[AH]], %[[X]] :
// CHECK: %[[BD:.*]] = dlc.transfer %[[B]] from "cpu" to "cuda"
// CHECK-NEXT: %[[C:.*]] = dlc.kernel "cuda"(%[[BD]], %[[A]], %[[XD]] :
// CHECK: %[[CH:.*]] = dlc.transfer %[[C]] from "cuda" to "cpu"
// CHECK-NEXT: return %[[CH]], %[[B]]
// CHECK-NOT: dlc.transfer
func.func @mixed(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %w = dlc.constant dense<2.0> : tensor<4xf32>
  %a = dlc.kernel "cuda"(%x, %w : tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%p: tensor<4xf32>, %q: tensor<4xf32>):
    %0 = dlc.mul %p, %q : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    dlc.yield %0 : tensor<4xf32>
  }
  %b = dlc.kernel "cpu"(%a, %x : tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%p: tensor<4xf32>, %q: tensor<4xf32>):
    %0 = dlc.add %p, %q : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    dlc.yield %0 : tensor<4xf32>
  }
  %c = dlc.kernel "cuda"(%b, %a, %x : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%p: tensor<4xf32>, %q: tensor<4xf32>, %r: tensor<4xf32>):
    %0 = dlc.sub %p, %q : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %1 = dlc.add %0, %r : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    dlc.yield %1 : tensor<4xf32>
  }
  return %c, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// A CPU-only program moves nothing.
// CHECK-LABEL: func @cpu_only
// CHECK-NOT: dlc.transfer
func.func @cpu_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = dlc.kernel "cpu"(%x : tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%p: tensor<4xf32>):
    %0 = dlc.relu %p : tensor<4xf32>
    dlc.yield %0 : tensor<4xf32>
  }
  return %a : tensor<4xf32>
}
