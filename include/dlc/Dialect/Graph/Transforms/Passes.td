//===- Passes.td - dlc graph passes ------------------------*- tablegen -*-===//

#ifndef DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_TD
#define DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcFoldConstantsPass : Pass<"dlc-fold-constants", "::mlir::func::FuncOp"> {
  let summary = "Evaluate ops whose operands are all constants at compile time";
  let description = [{
    Every dlc op whose operands are constants is replaced by its value, in
    program order, so chains (shape -> gather -> cast -> range, shape
    arithmetic on int32 or int64 vectors, slices with negative steps,
    transposes of constant tensors) fold completely. The evaluation is the
    ops' folders, which the ONNX importer also applies node by node, so
    `.mlir` inputs and ONNX models fold alike. Results of more than 65536
    elements (splats aside) stay run-time work. Constants left unused are
    removed.
  }];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcFoldBatchNormPass : Pass<"dlc-fold-batch-norm", "::mlir::func::FuncOp"> {
  let summary = "Fold inference batch norms into the conv2d or gemm before them";
  let description = [{
    `batch_norm(conv2d(x, W, b))` with constant weights and batch-norm
    parameters becomes `conv2d(x, W * s, (b - mean) * s + beta)` with
    `s = gamma / sqrt(var + eps)` per output channel; likewise for `gemm`
    (columns of B scaled, C folded). The producer must have no other user.
  }];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcPlaceOpsPass : Pass<"dlc-place-ops", "::mlir::func::FuncOp"> {
  let summary = "Choose a device for every compute op from an ordered target list";
  let description = [{
    Each compute op gets a `dlc.device` attribute: the first device in
    `targets` that can run it. A `dlc.device` already on the op is a request:
    a pin (`cpu`, `cuda`) must name a target; a hint carried from a trace
    (`cuda:0`) is honored when its device kind is a target and re-placed on
    the first capable target otherwise. `pins` are `NAME:DEVICE` pairs that
    pin the ops whose location names NAME (an ONNX node name, or an op name
    such as `dlc.gather`). Every op also gets `dlc.placement`, the reason
    for its device, which kernel formation and the placement report carry.
    With `no-fallback`, an op placed anywhere but the first target because
    that target cannot run it is an error naming the op.
    `exclude` (`DEVICE:OP` pairs) removes ops from a device's capabilities,
    to exercise fallback.

    Cost model: an op that would go to the first target by default but
    whose results hold at most `tiny-elements` elements, and whose inputs
    computed by other ops all live on one other device that can run it,
    stays there ("kept on cpu with its inputs"): moving a few kilobytes
    costs more than computing them where they are. Pins and hints win;
    `tiny-elements=0` turns the rule off.
  }];
  let options = [
    ListOption<"targets", "targets", "std::string",
               "Devices in order of preference (cpu, cuda)">,
    ListOption<"pins", "pins", "std::string",
               "NAME:DEVICE pairs that pin ops to a device">,
    ListOption<"exclude", "exclude", "std::string",
               "DEVICE:OP pairs of ops a device is treated as unable to run">,
    Option<"noFallback", "no-fallback", "bool", /*default=*/"false",
           "Reject ops the first target cannot run instead of falling back">,
    Option<"tinyElements", "tiny-elements", "int64_t", /*default=*/"4096",
           "Ops with at most this many result elements stay on the device "
           "their inputs were computed on (0: off)">,
  ];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcFormKernelsPass : Pass<"dlc-form-kernels", "::mlir::func::FuncOp"> {
  let summary = "Group graph ops into dlc.kernel regions, fusing where it pays";
  let description = [{
    Wraps the compute ops of a function in `dlc.kernel` regions. With
    `fuse`, ops on the same device share a kernel when the producer's result
    has no other user (nothing is computed twice) and the consumer covers no
    more elements than the producer (no recomputation under broadcasting):
      - chains of elementwise ops;
      - elementwise producers into a reduction (softmax, layer norm,
        reduce_*, argmax);
      - elementwise epilogues (bias, activation, residual add) after a
        contraction (matmul, gemm, conv2d) or a reduction.
    Then a kernel merges into an elementwise kernel that reads all it
    yields (diamonds such as GELU, which reads its input twice). Data
    movement and pooling ops stay in kernels of their own.
    Each kernel's device is its ops' `dlc.device` (`default-device` for ops
    without one); their `dlc.placement` reasons carry over to the kernel.
    Constants stay outside kernels: they are the host's weights, passed to
    kernels as operands; ops whose results have no elements become empty
    constants.
  }];
  let options = [
    Option<"defaultDevice", "default-device", "std::string",
           /*default=*/"\"cpu\"", "Device of ops without a dlc.device">,
    Option<"fuse", "fuse", "bool", /*default=*/"true",
           "Fuse ops into shared kernels (false: one kernel per op)">,
  ];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcInsertTransfersPass
    : Pass<"dlc-insert-transfers", "::mlir::func::FuncOp"> {
  let summary = "Make every cross-device data movement an explicit dlc.transfer";
  let description = [{
    The host program's values (arguments, constants, results) live in host
    memory (`cpu`). Wherever a kernel reads a value that lives on another
    device, and where a result computed on a device other than the host is
    returned, a `dlc.transfer` moves it; each value moves to a device once.
  }];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

def DlcOutlineKernelsPass : Pass<"dlc-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Outline dlc.kernel regions into functions called by the host";
  let description = [{
    Each `dlc.kernel` in function `@f` becomes a private function
    `@f_kernel_<i>` with a `dlc.device` attribute, and the kernel op becomes a
    `func.call` to it. The calling function is what becomes the host program.
    When its kernels are on several devices, the host device's kernels are
    `no_inline` and their arguments `bufferization.access = "read"`: the
    other device's host code calls them, compiled apart.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

def DlcDropEmptyEntryTensorsPass
    : Pass<"dlc-drop-empty-entry-tensors", "::mlir::ModuleOp"> {
  let summary = "Keep tensors without elements out of the entry function's "
                "signature";
  let description = [{
    A tensor with no elements holds no data, but MLIR's bare-pointer calling
    convention rejects memrefs whose zero-sized dimension is not the leading
    one. In every public function, arguments without elements are replaced
    by empty constants and removed, and results without elements are
    removed. The artifact signature (read before this pass) still lists
    them; the invoke wrapper skips their buffer slots.
  }];
  let dependentDialects = ["::dlc::graph::DlcDialect"];
}

#endif // DLC_DIALECT_GRAPH_TRANSFORMS_PASSES_TD
