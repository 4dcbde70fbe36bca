// Tiled, vectorized and multi-threaded codegen: shapes with partial cache
// blocks and partial register tiles (70 = 6*11 + 4 rows, 200 = 192 + 8
// columns, K = 300 crosses a 256-deep block), a transposed-B gemm with bias,
// and an elementwise epilogue, on 1, 2 and 3 threads (3 splits unevenly).
// RUN: env DLC_NUM_THREADS=1 %check-numeric %s | FileCheck %s
// RUN: env DLC_NUM_THREADS=2 %check-numeric %s | FileCheck %s
// RUN: env DLC_NUM_THREADS=3 %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (np.tanh(np.matmul(x[0].astype(np.float64), x[1])), np.matmul(x[0].astype(np.float64), x[2].T) + x[3])
func.func @main(%a: tensor<70x300xf32>, %b: tensor<300x200xf32>, %bt: tensor<200x300xf32>, %bias: tensor<200xf32>) -> (tensor<70x200xf32>, tensor<70x200xf32>) {
  %0 = dlc.matmul %a, %b : (tensor<70x300xf32>, tensor<300x200xf32>) -> tensor<70x200xf32>
  %1 = dlc.tanh %0 : tensor<70x200xf32>
  %2 = dlc.gemm %a, %bt, %bias {trans_b = true} : (tensor<70x300xf32>, tensor<200x300xf32>, tensor<200xf32>) -> tensor<70x200xf32>
  return %1, %2 : tensor<70x200xf32>, tensor<70x200xf32>
}
