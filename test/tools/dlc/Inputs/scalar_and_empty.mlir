func.func @main(%x: tensor<f32>, %y: tensor<0x3xf32>, %z: tensor<2x0x3xf32>) -> (tensor<f32>, tensor<0x3xf32>, tensor<3x0xf32>, tensor<2xf32>) {
  %0 = dlc.exp %x : tensor<f32>
  %1 = dlc.relu %y : tensor<0x3xf32>
  %2 = dlc.reshape %z : tensor<2x0x3xf32> -> tensor<3x0xf32>
  %3 = dlc.reduce_sum %z {axes = array<i64: 1, 2>, keepdims = false} : (tensor<2x0x3xf32>) -> tensor<2xf32>
  %4 = dlc.add %3, %0 : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %0, %1, %2, %4 : tensor<f32>, tensor<0x3xf32>, tensor<3x0xf32>, tensor<2xf32>
}
