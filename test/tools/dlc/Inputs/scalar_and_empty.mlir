func.func @main(%x: tensor<f32>, %y: tensor<0x3xf32>) -> (tensor<f32>, tensor<0x3xf32>) {
  %0 = dlc.exp %x : tensor<f32>
  %1 = dlc.relu %y : tensor<0x3xf32>
  return %0, %1 : tensor<f32>, tensor<0x3xf32>
}
