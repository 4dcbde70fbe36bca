// RUN: dlc-opt %s --dlc-instrument-kernels | FileCheck %s

// Every kernel call in the entry is bracketed by the profiling hook (id,
// phase), and the kernel table names it, its ONNX nodes and its flops
// (2 x 4 x 8 x 16 for the matmul; none for the elementwise kernel) and
// bytes (operands and results: 4 x (64 + 128 + 32) and 4 x (32 + 32)).
// CHECK: module attributes {dlc.kernels = [{bytes = 896 : i64, flops = 1024 : i64, name = "main_kernel_0", nodes = "/fc/MatMul"}, {bytes = 256 : i64, flops = 0 : i64, name = "main_kernel_1", nodes = "/Relu"}]}
// CHECK: func.func private @__dlc_profile_kernel(i64, i32)
// CHECK-LABEL: func.func @main
// CHECK: %[[ID0:.*]] = arith.constant 0 : i64
// CHECK: %[[BEGIN:.*]] = arith.constant 0 : i32
// CHECK: call @__dlc_profile_kernel(%[[ID0]], %[[BEGIN]])
// CHECK-NEXT: call @main_kernel_0
// CHECK: %[[END:.*]] = arith.constant 1 : i32
// CHECK-NEXT: call @__dlc_profile_kernel(%{{.*}}, %[[END]])
// CHECK: %[[ID1:.*]] = arith.constant 1 : i64
// CHECK: call @__dlc_profile_kernel(%[[ID1]],
// CHECK-NEXT: call @main_kernel_1
module {
  func.func private @main_kernel_0(%a: tensor<4x16xf32>, %b: tensor<16x8xf32>) -> tensor<4x8xf32> attributes {dlc.device = "cpu"} {
    %zero = arith.constant 0.0 : f32
    %empty = tensor.empty() : tensor<4x8xf32>
    %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
    %c = linalg.matmul ins(%a, %b : tensor<4x16xf32>, tensor<16x8xf32>) outs(%init : tensor<4x8xf32>) -> tensor<4x8xf32> loc("node '/fc/MatMul' (MatMul)")
    return %c : tensor<4x8xf32>
  }
  func.func private @main_kernel_1(%x: tensor<4x8xf32>) -> tensor<4x8xf32> attributes {dlc.device = "cpu"} {
    %zero = arith.constant 0.0 : f32
    %empty = tensor.empty() : tensor<4x8xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%empty : tensor<4x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %zero : f32
      linalg.yield %m : f32
    } -> tensor<4x8xf32> loc("node '/Relu' (Relu)")
    return %r : tensor<4x8xf32>
  }
  func.func @main(%a: tensor<4x16xf32>, %b: tensor<16x8xf32>) -> tensor<4x8xf32> {
    %0 = call @main_kernel_0(%a, %b) : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
    %1 = call @main_kernel_1(%0) : (tensor<4x8xf32>) -> tensor<4x8xf32>
    return %1 : tensor<4x8xf32>
  }
}
