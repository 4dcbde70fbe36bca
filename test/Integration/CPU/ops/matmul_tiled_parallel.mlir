// Tiled, packed, vectorized and multi-threaded codegen on 1, 2 and 3 threads
// (3 splits unevenly). Shapes have partial register tiles (70 = 6*11 + 4
// rows) and K = 300 crosses a 256-deep block. B is packed into 16-wide
// panels when N is a multiple of 16 and its rows are a multiple of 512 bytes
// apart: plain B (N = 256), transposed B with a bias (N = 192); N = 208 is
// read in place, and N = 200 too, with a partial 8-wide tile.
// 400 x 49 has three panels and a column per block, so threads split its
// five 72-row blocks (the 40-row rest runs after them).
// RUN: env DLC_NUM_THREADS=1 %check-numeric %s | FileCheck %s
// RUN: env DLC_NUM_THREADS=2 %check-numeric %s | FileCheck %s
// RUN: env DLC_NUM_THREADS=3 %check-numeric %s | FileCheck %s
// CHECK: PASS
// REF: (np.tanh(np.matmul(x[0].astype(np.float64), x[1])), np.matmul(x[0].astype(np.float64), x[7]), np.matmul(x[0].astype(np.float64), x[2].T) + x[3], np.matmul(x[0].astype(np.float64), x[4]), np.matmul(x[5].astype(np.float64), x[6]))
func.func @main(%a: tensor<70x300xf32>, %b: tensor<300x256xf32>, %bt: tensor<192x300xf32>, %bias: tensor<192xf32>, %b2: tensor<300x200xf32>, %a3: tensor<400x300xf32>, %b3: tensor<300x49xf32>, %b4: tensor<300x208xf32>) -> (tensor<70x256xf32>, tensor<70x208xf32>, tensor<70x192xf32>, tensor<70x200xf32>, tensor<400x49xf32>) {
  %0 = dlc.matmul %a, %b : (tensor<70x300xf32>, tensor<300x256xf32>) -> tensor<70x256xf32>
  %1 = dlc.tanh %0 : tensor<70x256xf32>
  %5 = dlc.matmul %a, %b4 : (tensor<70x300xf32>, tensor<300x208xf32>) -> tensor<70x208xf32>
  %2 = dlc.gemm %a, %bt, %bias {trans_b = true} : (tensor<70x300xf32>, tensor<192x300xf32>, tensor<192xf32>) -> tensor<70x192xf32>
  %3 = dlc.matmul %a, %b2 : (tensor<70x300xf32>, tensor<300x200xf32>) -> tensor<70x200xf32>
  %4 = dlc.matmul %a3, %b3 : (tensor<400x300xf32>, tensor<300x49xf32>) -> tensor<400x49xf32>
  return %1, %5, %2, %3, %4 : tensor<70x256xf32>, tensor<70x208xf32>, tensor<70x192xf32>, tensor<70x200xf32>, tensor<400x49xf32>
}
