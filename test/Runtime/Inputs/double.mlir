func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> tensor<2x3xf32> {
  %0 = dlc.add %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
