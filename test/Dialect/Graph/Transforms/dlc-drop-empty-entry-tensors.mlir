// RUN: dlc-opt %s -dlc-drop-empty-entry-tensors | FileCheck %s

// Public functions lose their zero-element arguments (uses read an empty
// constant) and results; other tensors, private functions and attributes
// of the remaining arguments stay.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32> {dlc.name = "x"}) -> tensor<2xf32>
// CHECK-NEXT: %[[E:.*]] = dlc.constant dense<> : tensor<2x0x3xf32>
// CHECK-NEXT: dlc.reshape %[[E]]
// CHECK-NEXT: %[[S:.*]] = dlc.reduce_sum %[[E]]
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[S]], %[[X]]
// CHECK-NEXT: return %[[A]] : tensor<2xf32>
func.func @main(%z: tensor<2x0x3xf32> {dlc.name = "z"}, %x: tensor<2xf32> {dlc.name = "x"}) -> (tensor<3x0xf32>, tensor<2xf32>) {
  %0 = dlc.reshape %z : tensor<2x0x3xf32> -> tensor<3x0xf32>
  %1 = dlc.reduce_sum %z {axes = array<i64: 1, 2>, keepdims = false} : (tensor<2x0x3xf32>) -> tensor<2xf32>
  %2 = dlc.add %1, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %2 : tensor<3x0xf32>, tensor<2xf32>
}

// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: tensor<0x4xf32>) -> tensor<0x4xf32>
func.func private @helper(%y: tensor<0x4xf32>) -> tensor<0x4xf32> {
  return %y : tensor<0x4xf32>
}
