// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s

// Unsigned tensors become signless; function signatures, calls and returns
// follow. Ops that depend on signedness pick arith's unsigned forms.
// CHECK-LABEL: func @unsigned_ops
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>)
// CHECK: arith.divui
// CHECK-NOT: arith.divsi
// CHECK: arith.remui
// CHECK: arith.maxui
// CHECK: arith.cmpi ult
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK-NOT: ui8
func.func @unsigned_ops(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) {
  %0 = dlc.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = dlc.mod %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = dlc.maximum %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %3 = dlc.compare "lt", %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %4 = dlc.cast %a : tensor<4xui8> -> tensor<4xf32>
  %5 = dlc.cast %a : tensor<4xui8> -> tensor<4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>
}

// -----

// The same ops on signless integers stay signed.
// CHECK-LABEL: func @signed_ops
// CHECK: arith.divsi
// CHECK: arith.maxsi
// CHECK: arith.cmpi slt
// CHECK: arith.sitofp
// CHECK: arith.extsi
func.func @signed_ops(%a: tensor<4xi8>, %b: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) {
  %0 = dlc.div %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %1 = dlc.maximum %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %2 = dlc.compare "lt", %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  %3 = dlc.cast %a : tensor<4xi8> -> tensor<4xf32>
  %4 = dlc.cast %a : tensor<4xi8> -> tensor<4xi32>
  return %0, %1, %2, %3, %4 : tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>
}

// -----

// Unsigned constants keep their bits; a max reduction starts at 0, argmax
// compares unsigned; float-to-unsigned casts use fptoui.
// CHECK-LABEL: func @unsigned_reductions
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: linalg.fill ins(%[[ZERO]]
// CHECK: arith.maxui
// CHECK: arith.cmpi ugt
// CHECK: arith.constant dense<[-1, 1]> : tensor<2xi8>
// CHECK: arith.fptoui %{{.*}} : f32 to i32
func.func @unsigned_reductions(%a: tensor<2x3xui8>, %f: tensor<3xf32>) -> (tensor<2xui8>, tensor<2xi64>, tensor<2xui8>, tensor<3xui32>) {
  %0 = dlc.reduce_max %a {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xui8>) -> tensor<2xui8>
  %1 = dlc.argmax %a {axis = 1 : i64, keepdims = false} : (tensor<2x3xui8>) -> tensor<2xi64>
  %2 = dlc.constant dense<[255, 1]> : tensor<2xui8>
  %3 = dlc.cast %f : tensor<3xf32> -> tensor<3xui32>
  return %0, %1, %2, %3 : tensor<2xui8>, tensor<2xi64>, tensor<2xui8>, tensor<3xui32>
}

// -----

// Calls between functions convert too (kernels are outlined by then).
// CHECK-LABEL: func private @kernel
// CHECK-SAME: (%{{.*}}: tensor<4xi16>) -> tensor<4xi16>
// CHECK-LABEL: func @host
// CHECK: call @kernel(%{{.*}}) : (tensor<4xi16>) -> tensor<4xi16>
func.func private @kernel(%a: tensor<4xui16>) -> tensor<4xui16> {
  %0 = dlc.add %a, %a : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  return %0 : tensor<4xui16>
}
func.func @host(%a: tensor<4xui16>) -> tensor<4xui16> {
  %0 = call @kernel(%a) : (tensor<4xui16>) -> tensor<4xui16>
  return %0 : tensor<4xui16>
}

// -----

// Shifts pick the shift op by direction (logical right shift) and give 0
// for amounts of the bit width or more.
// CHECK-LABEL: func @bitshift
// CHECK: arith.shli
// CHECK: arith.cmpi ult, %{{.*}}, %c8_i8
// CHECK: arith.select
// CHECK: arith.shrui
func.func @bitshift(%a: tensor<4xui8>, %s: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>) {
  %0 = dlc.bitshift %a, %s {direction = "left"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = dlc.bitshift %a, %s {direction = "right"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1 : tensor<4xui8>, tensor<4xui8>
}
