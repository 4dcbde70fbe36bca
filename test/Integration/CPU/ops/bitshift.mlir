// RUN: %check-numeric %s | FileCheck %s
// CHECK: PASS
// Unsigned shifts, broadcasting; shift amounts of the bit width or more
// (undefined in C and poison in LLVM) give 0.
// INPUT 0: int 0 256
// INPUT 1: int 0 4294967296
// REF: (lambda a, b, s8, s32: ((a << s8).astype(np.uint8), a >> s8, np.where(s32 < 32, b.astype(np.uint64) << np.minimum(s32, 31).astype(np.uint64), 0).astype(np.uint32), np.where(s32 < 32, b >> np.minimum(s32, 31), 0).astype(np.uint32)))(x[0], x[1], np.array([0, 1, 3, 7, 2, 5], np.uint8), np.array([0, 1, 31, 32, 40, 16], np.uint32))
func.func @main(%a: tensor<4x6xui8>, %b: tensor<6xui32>) -> (tensor<4x6xui8>, tensor<4x6xui8>, tensor<6xui32>, tensor<6xui32>) {
  %s8 = dlc.constant dense<[0, 1, 3, 7, 2, 5]> : tensor<6xui8>
  %s32 = dlc.constant dense<[0, 1, 31, 32, 40, 16]> : tensor<6xui32>
  %0 = dlc.bitshift %a, %s8 {direction = "left"} : (tensor<4x6xui8>, tensor<6xui8>) -> tensor<4x6xui8>
  %1 = dlc.bitshift %a, %s8 {direction = "right"} : (tensor<4x6xui8>, tensor<6xui8>) -> tensor<4x6xui8>
  %2 = dlc.bitshift %b, %s32 {direction = "left"} : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
  %3 = dlc.bitshift %b, %s32 {direction = "right"} : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
  return %0, %1, %2, %3 : tensor<4x6xui8>, tensor<4x6xui8>, tensor<6xui32>, tensor<6xui32>
}
