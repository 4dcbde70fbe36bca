// RUN: dlc-opt %s -dlc-place-ops="targets=cuda,cpu pins=proj:cpu,dlc.gather:cpu" | FileCheck %s
// RUN: dlc-opt %s -dlc-place-ops="targets=cpu" | FileCheck %s --check-prefix=CPU
// RUN: dlc-opt %s -dlc-place-ops="targets=cuda,cpu exclude=cuda:dlc.erf" | FileCheck %s --check-prefix=FALLBACK
// RUN: not dlc-opt %s -dlc-place-ops="targets=cuda,cpu exclude=cuda:dlc.erf no-fallback=true" 2>&1 | FileCheck %s --check-prefix=NOFALLBACK
// RUN: dlc-opt %s -dlc-place-ops="targets=cuda,cpu tiny-elements=0" | FileCheck %s --check-prefix=OFF

// Ops go to the first target; --place pins ops by node name or op name;
// a dlc.device in the IR pins; a trace's hint (cuda:0) is honored where
// cuda is a target and re-placed where it is not; constants are not placed.
// CHECK-LABEL: func @model
// CHECK: dlc.constant
// CHECK-NOT: dlc.device
// CHECK: dlc.relu {{.*}} {dlc.device = "cuda", dlc.placement = "first target"}
// CHECK: dlc.matmul {{.*}} {dlc.device = "cpu", dlc.placement = "pinned by --place=proj:cpu"}
// CHECK: dlc.gather {{.*}} {dlc.device = "cpu", dlc.placement = "pinned by --place=dlc.gather:cpu"}
// CHECK: dlc.erf {{.*}} {dlc.device = "cpu", dlc.placement = "pinned by its dlc.device"}
// CHECK: dlc.tanh {{.*}} {dlc.device = "cuda", dlc.placement = "hint cuda:0 honored"}
// CPU-LABEL: func @model
// CPU: dlc.relu {{.*}} {dlc.device = "cpu", dlc.placement = "first target"}
// CPU: dlc.tanh {{.*}} {dlc.device = "cpu", dlc.placement = "re-placed from hint cuda:0 (cuda is not a target)"}
// FALLBACK-LABEL: func @model
// FALLBACK: dlc.relu {{.*}} {dlc.device = "cuda", dlc.placement = "first target"}
// FALLBACK: dlc.erf {{.*}} {dlc.device = "cpu", dlc.placement = "pinned by its dlc.device"}
// FALLBACK: dlc.erf {{.*}} {dlc.device = "cpu", dlc.placement = "fallback: cuda cannot run dlc.erf"}
// FALLBACK: dlc.tanh {{.*}} {dlc.device = "cuda", dlc.placement = "hint cuda:0 honored"}
// NOFALLBACK: error: --no-fallback: 1 op(s) cannot run on cuda: dlc.erf 'late_erf';
// NOFALLBACK: note: {{.*}}dlc.erf 'late_erf' is here
func.func @model(%x: tensor<4x4xf32>, %i: tensor<2xi64>) -> tensor<2x4xf32> {
  %w = dlc.constant dense<1.0> : tensor<4x4xf32>
  %0 = dlc.relu %x : tensor<4x4xf32>
  %1 = dlc.matmul %0, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32> loc("proj")
  %2 = dlc.gather %1, %i {axis = 0 : i64} : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %3 = dlc.erf %2 {dlc.device = "cpu"} : tensor<2x4xf32>
  %4 = dlc.erf %3 : tensor<2x4xf32> loc("late_erf")
  %5 = dlc.tanh %4 {dlc.device = "cuda:0"} : tensor<2x4xf32>
  return %5 : tensor<2x4xf32>
}

// Cost model: an op the first target would take stays on the device its
// computed inputs are on when its results are tiny (at most 4096 elements):
// the tanh after a CPU op. Ops with inputs on both devices, or with large
// results, go to the first target; tiny-elements=0 turns the rule off.
// CHECK-LABEL: func @tiny_stays_with_inputs
// CHECK: dlc.relu {{.*}} {dlc.device = "cpu", dlc.placement = "pinned by its dlc.device"}
// CHECK: dlc.tanh {{.*}} {dlc.device = "cpu", dlc.placement = "kept on cpu with its inputs (8 elements)"}
// CHECK: dlc.exp {{.*}} {dlc.device = "cuda", dlc.placement = "first target"}
// CHECK: dlc.add {{.*}} {dlc.device = "cuda", dlc.placement = "first target"}
// CHECK: dlc.relu {{.*}} {dlc.device = "cpu", dlc.placement = "pinned by its dlc.device"}
// CHECK: dlc.sigmoid {{.*}} {dlc.device = "cuda", dlc.placement = "first target"}
// OFF-LABEL: func @tiny_stays_with_inputs
// OFF: dlc.tanh {{.*}} {dlc.device = "cuda", dlc.placement = "first target"}
func.func @tiny_stays_with_inputs(%x: tensor<2x4xf32>, %big: tensor<64x128xf32>) -> (tensor<2x4xf32>, tensor<64x128xf32>) {
  %0 = dlc.relu %x {dlc.device = "cpu"} : tensor<2x4xf32>
  %1 = dlc.tanh %0 : tensor<2x4xf32>
  %2 = dlc.exp %x : tensor<2x4xf32>
  %3 = dlc.add %1, %2 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %4 = dlc.relu %big {dlc.device = "cpu"} : tensor<64x128xf32>
  %5 = dlc.sigmoid %4 : tensor<64x128xf32>
  return %3, %5 : tensor<2x4xf32>, tensor<64x128xf32>
}
