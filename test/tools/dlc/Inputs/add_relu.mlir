func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %b: tensor<3xf32> {dlc.name = "bias"}) -> (tensor<2x3xf32> {dlc.name = "y"}) {
  %0 = dlc.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
