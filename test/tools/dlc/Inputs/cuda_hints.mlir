// A model traced on a GPU: its ops carry the trace's device, cuda:0.
func.func @main(%x: tensor<2x4xf32> {dlc.name = "x"}) -> (tensor<2x3xf32> {dlc.name = "y"}) {
  %w = dlc.constant dense<0.25> : tensor<4x3xf32>
  %b = dlc.constant dense<[0.5, -0.5, 1.0]> : tensor<3xf32>
  %0 = dlc.matmul %x, %w {dlc.device = "cuda:0"} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32> loc("fc")
  %1 = dlc.add %0, %b {dlc.device = "cuda:0"} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> loc("bias")
  %2 = dlc.tanh %1 {dlc.device = "cuda:0"} : tensor<2x3xf32> loc("act")
  return %2 : tensor<2x3xf32>
}
