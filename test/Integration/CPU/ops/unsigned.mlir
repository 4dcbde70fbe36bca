// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Unsigned integers: add/sub/mul wrap like numpy's uint8; division,
// remainder, max, min, comparisons, reductions, argmax and casts use
// unsigned semantics, so values with the top bit set (>= 128 in ui8,
// >= 2^31 in ui32) are large, not negative. Division by 0 gives 0.
// INPUT 0: int 0 256
// INPUT 1: int 0 256
// INPUT 2: int 0 4294967296
// REF: (lambda a, b, c, d: (a + b, a - b, a * b, np.where(b == 0, 0, a // np.where(b == 0, 1, b)).astype(np.uint8), np.where(b == 0, 0, a % np.where(b == 0, 1, b)).astype(np.uint8), np.maximum(a, b), np.minimum(a, b), a < b, a.max(axis=1), a.argmax(axis=1), a.astype(np.float32), a.astype(np.int32), c // d, c > d, c.astype(np.float32), np.array([3000000000.0, 255.0, 7.9], np.float32).astype(np.uint32)))(x[0], x[1], x[2], np.array([3, 2147483648, 4000000000, 1, 65536], np.uint32))
// TOL: rtol=1e-7 atol=0
func.func @main(%a: tensor<4x5xui8>, %b: tensor<4x5xui8>, %c: tensor<5xui32>) -> (tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xi1>, tensor<4xui8>, tensor<4xi64>, tensor<4x5xf32>, tensor<4x5xi32>, tensor<5xui32>, tensor<5xi1>, tensor<5xf32>, tensor<3xui32>) {
  %0 = dlc.add %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %1 = dlc.sub %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %2 = dlc.mul %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %3 = dlc.div %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %4 = dlc.mod %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %5 = dlc.maximum %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %6 = dlc.minimum %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xui8>
  %7 = dlc.compare "lt", %a, %b : (tensor<4x5xui8>, tensor<4x5xui8>) -> tensor<4x5xi1>
  %8 = dlc.reduce_max %a {axes = array<i64: 1>, keepdims = false} : (tensor<4x5xui8>) -> tensor<4xui8>
  %9 = dlc.argmax %a {axis = 1 : i64, keepdims = false} : (tensor<4x5xui8>) -> tensor<4xi64>
  %10 = dlc.cast %a : tensor<4x5xui8> -> tensor<4x5xf32>
  %11 = dlc.cast %a : tensor<4x5xui8> -> tensor<4x5xi32>
  %d = dlc.constant dense<[3, 2147483648, 4000000000, 1, 65536]> : tensor<5xui32>
  %12 = dlc.div %c, %d : (tensor<5xui32>, tensor<5xui32>) -> tensor<5xui32>
  %13 = dlc.compare "gt", %c, %d : (tensor<5xui32>, tensor<5xui32>) -> tensor<5xi1>
  %14 = dlc.cast %c : tensor<5xui32> -> tensor<5xf32>
  %f = dlc.constant dense<[3.0e9, 255.0, 7.9]> : tensor<3xf32>
  %15 = dlc.cast %f : tensor<3xf32> -> tensor<3xui32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15 : tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xui8>, tensor<4x5xi1>, tensor<4xui8>, tensor<4xi64>, tensor<4x5xf32>, tensor<4x5xi32>, tensor<5xui32>, tensor<5xi1>, tensor<5xf32>, tensor<3xui32>
}
