// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s

// Broadcasting reads size-1 dims at index 0 instead of materializing.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func @broadcast_add
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<2x1x4xf32>, tensor<3x1xf32>) outs(%[[INIT]] : tensor<2x3x4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[S]]
func.func @broadcast_add(%a: tensor<2x1x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.add %a, %b : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Integer ops use integer arithmetic; division by 0 gives 0 and by -1
// negates, without dividing (x86 traps on both).
// CHECK-LABEL: func @int_ops
// CHECK: ^bb0(%[[A:.*]]: i64, %[[B:.*]]: i64, %{{.*}}: i64):
// CHECK: %[[SAFE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[B]]
// CHECK: %[[Q:.*]] = arith.divsi %[[A]], %[[SAFE]]
// CHECK: %[[NEG:.*]] = arith.subi %{{.*}}, %[[A]]
// CHECK: %[[Q1:.*]] = arith.select %{{.*}}, %[[NEG]], %[[Q]]
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[Q1]]
// CHECK: arith.maxsi
// CHECK: arith.subi
func.func @int_ops(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = dlc.div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %1 = dlc.maximum %0, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %2 = dlc.neg %1 : tensor<4xi64>
  return %2 : tensor<4xi64>
}

// -----

// Integer remainders divide by one where the divisor is 0 or -1 (x86 traps
// on x / 0 and INT_MIN / -1; both remainders are 0); with fmod = false a
// nonzero remainder whose sign differs from the divisor's moves by the
// divisor. Float remainders are arith.remf (C's fmod).
// CHECK-LABEL: func @remainders
// CHECK: ^bb0(%[[A:.*]]: i64, %[[B:.*]]: i64, %{{.*}}: i64):
// CHECK: %[[ZERO:.*]] = arith.cmpi eq, %[[B]]
// CHECK: %[[MINUS_ONE:.*]] = arith.cmpi eq, %[[B]]
// CHECK: %[[SPECIAL:.*]] = arith.ori %[[ZERO]], %[[MINUS_ONE]]
// CHECK: %[[SAFE:.*]] = arith.select %[[SPECIAL]], %{{.*}}, %[[B]]
// CHECK: %[[REM:.*]] = arith.remsi %[[A]], %[[SAFE]]
// CHECK: %[[SIGNS:.*]] = arith.xori
// CHECK: %[[ADJ:.*]] = arith.andi %[[SIGNS]]
// CHECK: %[[MOVED:.*]] = arith.addi %[[REM]], %[[B]]
// CHECK: arith.select %[[ADJ]], %[[MOVED]], %[[REM]]
// CHECK: linalg.generic
// CHECK: arith.remsi
// CHECK-NOT: arith.xori
// CHECK: linalg.yield
// CHECK: linalg.generic
// CHECK: arith.remf
func.func @remainders(%a: tensor<4xi64>, %b: tensor<4xi64>, %x: tensor<4xf32>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xf32>) {
  %0 = dlc.mod %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %1 = dlc.mod %a, %b {fmod = true} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %2 = dlc.mod %x, %x {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xi64>, tensor<4xi64>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func @unary_math
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: math.tanh
// CHECK: math.erf
// CHECK: math.powf
func.func @unary_math(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.exp %a : tensor<4xf32>
  %1 = dlc.log %0 : tensor<4xf32>
  %2 = dlc.sqrt %1 : tensor<4xf32>
  %3 = dlc.rsqrt %2 : tensor<4xf32>
  %4 = dlc.tanh %3 : tensor<4xf32>
  %5 = dlc.erf %4 : tensor<4xf32>
  %6 = dlc.pow %5, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %6 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @activations
// relu
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[ZERO]]
// sigmoid = 1 / (1 + exp(-x))
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// gelu = x/2 * (1 + erf(x / sqrt(2)))
// CHECK: arith.constant 0.707106769 : f32
// CHECK: math.erf
// clamp
// CHECK: arith.constant -1.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 6.000000e+00 : f32
// CHECK: arith.minimumf
func.func @activations(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %a : tensor<4xf32>
  %1 = dlc.sigmoid %0 : tensor<4xf32>
  %2 = dlc.gelu %1 : tensor<4xf32>
  %3 = dlc.clamp %2 {min = -1.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @gelu_tanh
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: arith.constant 0.797884583 : f32
// CHECK: math.tanh
func.func @gelu_tanh(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.gelu %a {approximate = "tanh"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @casts
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.cmpf une
// CHECK: arith.extui %{{.*}} : i1 to i64
func.func @casts(%a: tensor<4xf32>, %b: tensor<4xi32>, %c: tensor<4xi1>) -> (tensor<4xi64>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>) {
  %0 = dlc.cast %a : tensor<4xf32> -> tensor<4xi64>
  %1 = dlc.cast %b : tensor<4xi32> -> tensor<4xf32>
  %2 = dlc.cast %a : tensor<4xf32> -> tensor<4xi1>
  %3 = dlc.cast %c : tensor<4xi1> -> tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi64>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>
}

// -----

// Batch norm reads its per-channel operands along dimension 1.
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH]], #[[CH]], #[[CH]], #[[CH]], #{{.*}}]
// CHECK: arith.constant 1.000000e-03 : f32
// CHECK: math.rsqrt
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %0 = dlc.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-3 : f32} : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// CHECK-LABEL: func @rounding_and_trig
// CHECK: math.floor
// CHECK: math.roundeven
// CHECK: math.atanh
func.func @rounding_and_trig(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.floor %a : tensor<4xf32>
  %1 = dlc.round %0 : tensor<4xf32>
  %2 = dlc.atanh %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}
