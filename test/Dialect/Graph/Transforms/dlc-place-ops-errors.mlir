// RUN: dlc-opt %s -split-input-file -verify-diagnostics -dlc-place-ops="targets=cpu"
// RUN: not dlc-opt %s -dlc-place-ops="targets=cpu pins=x:cuda" 2>&1 | FileCheck %s --check-prefix=PIN
// RUN: not dlc-opt %s -dlc-place-ops="targets=cpu,tpu" 2>&1 | FileCheck %s --check-prefix=TARGET

// PIN: error: placement 'x:cuda' names device 'cuda', which is not a target
// TARGET: error: unknown target device 'tpu' (available: cpu, cuda)

// A pin in the IR must name a target.
func.func @pinned_elsewhere(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.relu' is pinned to 'cuda', which is not a target}}
  %0 = dlc.relu %x {dlc.device = "cuda"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
