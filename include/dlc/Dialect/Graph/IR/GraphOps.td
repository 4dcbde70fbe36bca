//===- GraphOps.td - dlc graph dialect ops -----------------*- tablegen -*-===//
//
// Tensor ops of the `dlc` graph dialect. Each op verifies its operands and
// infers its result type; the conventions (NCHW layout, ONNX-style attribute
// meaning) follow ONNX so that frontends map one node to one op.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_GRAPH_IR_GRAPHOPS_TD
#define DLC_DIALECT_GRAPH_IR_GRAPHOPS_TD

include "dlc/Dialect/Graph/IR/GraphBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Dlc_ConstantOp : Dlc_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "Tensor constant (weights, folded values)";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with numpy broadcasting
//===----------------------------------------------------------------------===//

class Dlc_BroadcastBinaryOp<string mnemonic, Type operandType,
                            list<Trait> traits = []>
    : Dlc_Op<mnemonic, traits # [Pure, InferTypeOpAdaptor]> {
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs operandType:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  // Constant operands evaluate at compile time (GraphFolding.cpp).
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::dlc::graph::inferBroadcastResultType(
          location, adaptor.getLhs().getType(), adaptor.getRhs().getType(),
          inferred);
    }
  }];
}

def Dlc_AddOp : Dlc_BroadcastBinaryOp<"add", Dlc_NumericTensor, [Commutative]> {
  let summary = "Elementwise addition with broadcasting";
}
def Dlc_SubOp : Dlc_BroadcastBinaryOp<"sub", Dlc_NumericTensor> {
  let summary = "Elementwise subtraction with broadcasting";
}
def Dlc_MulOp : Dlc_BroadcastBinaryOp<"mul", Dlc_NumericTensor, [Commutative]> {
  let summary = "Elementwise multiplication with broadcasting";
}
def Dlc_DivOp : Dlc_BroadcastBinaryOp<"div", Dlc_NumericTensor> {
  let summary = "Elementwise division with broadcasting";
  let description = [{
    Integer division truncates toward zero; x / 0 is 0 and x / -1 is -x
    (wrapping for the minimum value), where the hardware would trap.
  }];
}
def Dlc_ModOp : Dlc_BroadcastBinaryOp<"mod", Dlc_NumericTensor> {
  let summary = "Elementwise remainder with broadcasting (ONNX Mod)";
  let description = [{
    With `fmod` false the remainder takes the sign of the divisor, as
    Python's `%` (integers only); with `fmod` true it takes the sign of the
    dividend, as C's `fmod` (required for floats). An integer remainder by
    0 or -1 is 0, where the hardware would trap.
  }];
  let arguments = (ins Dlc_NumericTensor:$lhs, Dlc_NumericTensor:$rhs,
                       DefaultValuedAttr<BoolAttr, "false">:$fmod);
  let hasVerifier = 1;
}
def Dlc_BitShiftOp : Dlc_BroadcastBinaryOp<"bitshift",
    StaticShapeTensorOf<[UI8, UI16, UI32, UI64]>> {
  let summary = "Elementwise shift of unsigned integers (ONNX BitShift)";
  let description = [{
    `lhs` shifted by `rhs` bits, to the `left` or `right` (logical). Shifts
    by the bit width or more give 0.
  }];
  let arguments = (ins StaticShapeTensorOf<[UI8, UI16, UI32, UI64]>:$lhs,
                       StaticShapeTensorOf<[UI8, UI16, UI32, UI64]>:$rhs,
                       StrAttr:$direction);
  let hasVerifier = 1;
}
def Dlc_PowOp : Dlc_BroadcastBinaryOp<"pow", Dlc_FloatTensor> {
  let summary = "Elementwise power with broadcasting";
}
def Dlc_MaximumOp : Dlc_BroadcastBinaryOp<"maximum", Dlc_NumericTensor,
                                          [Commutative]> {
  let summary = "Elementwise maximum with broadcasting";
}
def Dlc_MinimumOp : Dlc_BroadcastBinaryOp<"minimum", Dlc_NumericTensor,
                                          [Commutative]> {
  let summary = "Elementwise minimum with broadcasting";
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Dlc_UnaryOp<string mnemonic, Type operandType, list<Trait> traits = []>
    : Dlc_Op<mnemonic, traits # [Pure, SameOperandsAndResultType]> {
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Dlc_NegOp : Dlc_UnaryOp<"neg", Dlc_NumericTensor> {
  let summary = "Elementwise negation";
}
def Dlc_ExpOp : Dlc_UnaryOp<"exp", Dlc_FloatTensor> {
  let summary = "Elementwise e^x";
}
def Dlc_LogOp : Dlc_UnaryOp<"log", Dlc_FloatTensor> {
  let summary = "Elementwise natural logarithm";
}
def Dlc_SqrtOp : Dlc_UnaryOp<"sqrt", Dlc_FloatTensor> {
  let summary = "Elementwise square root";
}
def Dlc_RsqrtOp : Dlc_UnaryOp<"rsqrt", Dlc_FloatTensor> {
  let summary = "Elementwise reciprocal square root";
}
def Dlc_TanhOp : Dlc_UnaryOp<"tanh", Dlc_FloatTensor> {
  let summary = "Elementwise hyperbolic tangent";
}
def Dlc_SigmoidOp : Dlc_UnaryOp<"sigmoid", Dlc_FloatTensor> {
  let summary = "Elementwise logistic function 1 / (1 + e^-x)";
}
def Dlc_ReluOp : Dlc_UnaryOp<"relu", Dlc_FloatTensor> {
  let summary = "Elementwise max(x, 0)";
}
def Dlc_ErfOp : Dlc_UnaryOp<"erf", Dlc_FloatTensor> {
  let summary = "Elementwise Gauss error function";
}
def Dlc_FloorOp : Dlc_UnaryOp<"floor", Dlc_FloatTensor> {
  let summary = "Elementwise round toward -inf";
}
def Dlc_CeilOp : Dlc_UnaryOp<"ceil", Dlc_FloatTensor> {
  let summary = "Elementwise round toward +inf";
}
def Dlc_RoundOp : Dlc_UnaryOp<"round", Dlc_FloatTensor> {
  let summary = "Elementwise round half to even";
}
def Dlc_SinOp : Dlc_UnaryOp<"sin", Dlc_FloatTensor> {
  let summary = "Elementwise sine";
}
def Dlc_CosOp : Dlc_UnaryOp<"cos", Dlc_FloatTensor> {
  let summary = "Elementwise cosine";
}
def Dlc_TanOp : Dlc_UnaryOp<"tan", Dlc_FloatTensor> {
  let summary = "Elementwise tangent";
}
def Dlc_AsinOp : Dlc_UnaryOp<"asin", Dlc_FloatTensor> {
  let summary = "Elementwise arcsine";
}
def Dlc_AcosOp : Dlc_UnaryOp<"acos", Dlc_FloatTensor> {
  let summary = "Elementwise arccosine";
}
def Dlc_AtanOp : Dlc_UnaryOp<"atan", Dlc_FloatTensor> {
  let summary = "Elementwise arctangent";
}
def Dlc_SinhOp : Dlc_UnaryOp<"sinh", Dlc_FloatTensor> {
  let summary = "Elementwise hyperbolic sine";
}
def Dlc_CoshOp : Dlc_UnaryOp<"cosh", Dlc_FloatTensor> {
  let summary = "Elementwise hyperbolic cosine";
}
def Dlc_AsinhOp : Dlc_UnaryOp<"asinh", Dlc_FloatTensor> {
  let summary = "Elementwise inverse hyperbolic sine";
}
def Dlc_AcoshOp : Dlc_UnaryOp<"acosh", Dlc_FloatTensor> {
  let summary = "Elementwise inverse hyperbolic cosine";
}
def Dlc_AtanhOp : Dlc_UnaryOp<"atanh", Dlc_FloatTensor> {
  let summary = "Elementwise inverse hyperbolic tangent";
}
def Dlc_GeluOp : Dlc_UnaryOp<"gelu", Dlc_FloatTensor> {
  let summary = "Gaussian error linear unit";
  let description = [{
    `approximate = "none"` computes x * (1 + erf(x / sqrt(2))) / 2;
    `approximate = "tanh"` the tanh approximation of ONNX Gelu-20.
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedStrAttr<StrAttr, "none">:$approximate);
  let hasVerifier = 1;
}
def Dlc_ClampOp : Dlc_UnaryOp<"clamp", Dlc_FloatTensor> {
  let summary = "Elementwise clamp to [min, max]";
  let description = [{ A missing bound leaves that side unbounded. }];
  let arguments = (ins Dlc_FloatTensor:$input, OptionalAttr<F32Attr>:$min,
                       OptionalAttr<F32Attr>:$max);
  let hasVerifier = 1;
}
def Dlc_AbsOp : Dlc_UnaryOp<"abs", Dlc_NumericTensor> {
  let summary = "Elementwise absolute value";
}
def Dlc_NotOp : Dlc_UnaryOp<"not", StaticShapeTensorOf<[I1]>> {
  let summary = "Elementwise logical not";
}

def Dlc_CompareOp : Dlc_Op<"compare", [Pure, InferTypeOpAdaptor]> {
  let summary = "Elementwise comparison with broadcasting, giving i1";
  let description = [{
    `direction` is one of `eq`, `ne`, `lt`, `le`, `gt`, `ge`. Float
    comparisons are ordered: any comparison with NaN is false, except `ne`.
  }];
  let arguments = (ins Dlc_NumericTensor:$lhs, Dlc_NumericTensor:$rhs,
                       StrAttr:$direction);
  let results = (outs StaticShapeTensorOf<[I1]>:$result);
  let assemblyFormat =
      "$direction `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_SelectOp : Dlc_Op<"select", [Pure, InferTypeOpAdaptor]> {
  let summary = "Elementwise choice: condition ? on_true : on_false";
  let description = [{ All three operands broadcast together (ONNX Where). }];
  let arguments = (ins StaticShapeTensorOf<[I1]>:$condition,
                       Dlc_Tensor:$on_true, Dlc_Tensor:$on_false);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$condition `,` $on_true `,` $on_false attr-dict `:` "
                       "functional-type(operands, results)";
  let hasFolder = 1;
}

def Dlc_BroadcastToOp : Dlc_Op<"broadcast_to", [Pure]> {
  let summary = "Broadcast a tensor to a larger shape (numpy rules)";
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_CastOp : Dlc_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "Elementwise conversion to another element type";
  let description = [{
    Float to integer rounds toward zero; integer to i1 tests for non-zero.
  }];
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra and convolution
//===----------------------------------------------------------------------===//

def Dlc_MatMulOp : Dlc_Op<"matmul", [Pure, InferTypeOpAdaptor]> {
  let summary = "Batched matrix product with numpy broadcasting";
  let description = [{
    Operands of rank >= 2 multiply in their two innermost dimensions; the
    leading (batch) dimensions broadcast as in numpy.matmul.
  }];
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Dlc_GemmOp : Dlc_Op<"gemm", [Pure, InferTypeOpAdaptor]> {
  let summary = "alpha * op(A) * op(B) + beta * C (a linear layer)";
  let description = [{
    2-D general matrix product as ONNX Gemm. `op` transposes its argument
    when `trans_a` / `trans_b` is set; `c` broadcasts to the result.
  }];
  let arguments = (ins Dlc_FloatTensor:$a, Dlc_FloatTensor:$b,
                       Optional<Dlc_FloatTensor>:$c,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_b);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` "
                       "functional-type(operands, results)";
  let hasCanonicalizer = 1;
}

def Dlc_Conv2DOp : Dlc_Op<"conv2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D convolution, NCHW input, FCHW weight";
  let description = [{
    `pads` is [top, left, bottom, right]; `group` splits channels into
    independent groups (group = channels is a depthwise convolution).
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                       Optional<Dlc_FloatTensor>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$group);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

class Dlc_PoolOp<string mnemonic> : Dlc_Op<mnemonic,
    [Pure, InferTypeOpAdaptor]> {
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Dlc_MaxPoolOp : Dlc_PoolOp<"max_pool"> {
  let summary = "Max pooling over NCHW or NCDHW";
  let description = [{
    `kernel_shape` has one entry per spatial dimension (2 or 3); `strides`
    and `dilations` (one entry each, default 1) and `pads` ([begin...,
    end...], default 0) follow it. Padded positions never win. Integers
    compare with their own signedness.
  }];
  let arguments = (ins Dlc_NumericTensor:$input,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$dilations);
  let results = (outs Dlc_NumericTensor:$result);
}

def Dlc_MaxPoolWithIndicesOp : Dlc_PoolOp<"max_pool_with_indices"> {
  let summary = "Max pooling that also returns where each maximum is";
  let description = [{
    `max_pool` plus, per output, the flat position of its maximum in the
    input: `(n * C + c) * S + s`, where `s` is the position in the spatial
    dims (row-major; with `storage_order = 1` column-major, as ONNX
    MaxPool's Indices). The first maximum of a window wins.
  }];
  let arguments = (ins Dlc_NumericTensor:$input,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$dilations,
                       DefaultValuedAttr<I64Attr, "0">:$storage_order);
  let results = (outs Dlc_NumericTensor:$result,
                      StaticShapeTensorOf<[I64]>:$indices);
  let hasVerifier = 1;
}

def Dlc_AvgPoolOp : Dlc_PoolOp<"avg_pool"> {
  let summary = "Average pooling over NCHW or NCDHW";
  let description = [{
    Windows as in `max_pool`, without dilation. With `count_include_pad =
    false` (the ONNX default) each output divides by the number of unpadded
    input elements in its window.
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs Dlc_FloatTensor:$result);
}

def Dlc_GlobalAvgPoolOp : Dlc_PoolOp<"global_avg_pool"> {
  let summary = "Mean over all spatial dimensions: NCHW -> NC11";
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_FloatTensor:$result);
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Dlc_BatchNormOp : Dlc_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "Inference batch normalization over dimension 1 (channels)";
  let description = [{
    (x - mean) / sqrt(variance + epsilon) * scale + bias, each per-channel
    operand of shape [C].
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Dlc_FloatTensor:$bias, Dlc_FloatTensor:$mean,
                       Dlc_FloatTensor:$variance,
                       DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance "
                       "attr-dict `:` functional-type(operands, results)";
}

def Dlc_LayerNormOp : Dlc_Op<"layer_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "Layer normalization over dimensions [axis, rank)";
  let description = [{
    (x - mean) / sqrt(var + epsilon) * scale + bias, where the statistics are
    taken over the trailing dimensions starting at `axis`; `scale` and `bias`
    broadcast against those dimensions.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Optional<Dlc_FloatTensor>:$bias,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

def Dlc_SoftmaxOp : Dlc_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "Softmax along one axis";
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Dlc_ReduceOp<string mnemonic, Type operandType>
    : Dlc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let description = [{
    Reduces over `axes` (all dimensions when empty; negative axes count from
    the back). `keepdims` keeps reduced dimensions with size 1.
  }];
  let arguments = (ins operandType:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs operandType:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::dlc::graph::inferReductionResultType(
          location, adaptor.getInput().getType(), adaptor.getAxes(),
          adaptor.getKeepdims(), inferred);
    }
  }];
}

def Dlc_ReduceSumOp : Dlc_ReduceOp<"reduce_sum", Dlc_NumericTensor> {
  let summary = "Sum over axes";
}
def Dlc_ReduceMeanOp : Dlc_ReduceOp<"reduce_mean", Dlc_FloatTensor> {
  let summary = "Arithmetic mean over axes";
}
def Dlc_ReduceMaxOp : Dlc_ReduceOp<"reduce_max", Dlc_NumericTensor> {
  let summary = "Maximum over axes";
}
def Dlc_ReduceProdOp : Dlc_ReduceOp<"reduce_prod", Dlc_NumericTensor> {
  let summary = "Product over axes (1 over no elements)";
}

def Dlc_ArgMaxOp : Dlc_Op<"argmax", [Pure, InferTypeOpAdaptor]> {
  let summary = "Index (i64) of the largest element along an axis";
  let description = [{
    Ties resolve to the first index, or the last with `select_last_index`.
    `keepdims` keeps the reduced axis with size 1. (ArgMin is argmax of the
    negated input.)
  }];
  let arguments = (ins Dlc_NumericTensor:$input,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs StaticShapeTensorOf<[I64]>:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def Dlc_ReshapeOp : Dlc_Op<"reshape", [Pure]> {
  let summary = "Reinterpret a tensor with another shape, same element count";
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Dlc_TransposeOp : Dlc_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "Permute dimensions: result dim i is input dim perm[i]";
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Dlc_ConcatOp : Dlc_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "Concatenate tensors along an axis";
  let arguments = (ins Variadic<Dlc_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Dlc_SliceOp : Dlc_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "Strided slice with one [start, end) and step per dimension";
  let description = [{
    `starts`, `ends` and `steps` have one entry per dimension, already
    normalized: 0 <= start <= end <= size and step >= 1.
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Dlc_PadOp : Dlc_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Pad with a constant value";
  let description = [{
    `low` and `high` give, per dimension, how many elements are added before
    and after (non-negative).
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high,
                       DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Dlc_GatherOp : Dlc_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gather slices of `input` along `axis` at `indices`";
  let description = [{
    As ONNX Gather: the result shape is input.shape[:axis] + indices.shape +
    input.shape[axis+1:]. Negative indices count from the end of the axis.
  }];
  let arguments = (ins Dlc_Tensor:$input, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Dlc_GatherElementsOp : Dlc_Op<"gather_elements",
                                  [Pure, InferTypeOpAdaptor]> {
  let summary = "Pick one element of `input` along `axis` per index";
  let description = [{
    As ONNX GatherElements: `indices` has the rank of `input` and the shape
    of the result; result[i...] = input[i..., indices[i...] at `axis`, i...].
    Negative indices count from the end of the axis; out-of-range indices
    are clamped, so that no index reads outside the tensor.
  }];
  let arguments = (ins Dlc_Tensor:$input, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Dlc_GatherNDOp : Dlc_Op<"gather_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gather slices of `input` at index tuples";
  let description = [{
    As ONNX GatherND: the last dimension of `indices` (size r) holds
    coordinates into input dims [batch_dims, batch_dims + r); the first
    `batch_dims` dims of `indices` and `input` are shared. The result shape
    is indices.shape[:-1] + input.shape[batch_dims + r:]. Negative
    coordinates count from the end; out-of-range ones are clamped.
  }];
  let arguments = (ins Dlc_Tensor:$input, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Kernels: groups of ops placed on one device
//===----------------------------------------------------------------------===//

def Dlc_KernelOp : Dlc_Op<"kernel", [IsolatedFromAbove, SingleBlock]> {
  let summary = "A group of ops compiled as one kernel for one device";
  let description = [{
    The body sees only the kernel's operands (as block arguments), so each
    kernel can be outlined and lowered for its device on its own. `device`
    names the target (`cpu`, `cuda`) the kernel was placed on.
  }];
  let arguments = (ins Variadic<AnyType>:$inputs, StrAttr:$device);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$device (`(` $inputs^ `:` type($inputs) `)`)? "
                       "(`->` type($results)^)? attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def Dlc_TransferOp : Dlc_Op<"transfer", [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "Moves a tensor from one device's memory to another's";
  let description = [{
    Inserted by placement wherever a value crosses devices; the host
    program's own values (arguments, constants, results) live on `cpu`.
  }];
  let arguments = (ins Dlc_Tensor:$input, StrAttr:$source, StrAttr:$target);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$input `from` $source `to` $target attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Dlc_YieldOp : Dlc_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"KernelOp">]> {
  let summary = "Returns the results of a kernel body";
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, {}); }]>];
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // DLC_DIALECT_GRAPH_IR_GRAPHOPS_TD
