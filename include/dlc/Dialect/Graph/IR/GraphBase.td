//===- GraphBase.td - dlc graph dialect definition ---------*- tablegen -*-===//
//
// The `dlc` dialect: device-neutral tensor ops with value semantics at the
// granularity of ONNX, plus `dlc.kernel` regions that group ops for a device.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_GRAPH_IR_GRAPHBASE_TD
#define DLC_DIALECT_GRAPH_IR_GRAPHBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Dlc_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::dlc::graph";
  let summary = "Device-neutral tensor graph of a deep-learning model";
  let description = [{
    Ops have value semantics on statically shaped ranked tensors. Every op
    verifies its operands and infers its result type, so a malformed graph is
    rejected where it is built (by a frontend, or by the MLIR parser) rather
    than during lowering.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, traits>;

// Element types the graph computes in: f32 and f64 for math; signless
// (signed) and unsigned integers and i1 for integer math, shape, index and
// mask values. f16 and bf16 tensors can be held, moved and cast (the ONNX
// importer computes half-precision ops in f32 between casts). Unsigned types become
// signless in the conversion to linalg, whose ops then pick unsigned
// arithmetic.
def Dlc_Tensor : StaticShapeTensorOf<[F32, F16, BF16, F64, I1, I8, I16, I32,
                                      I64, UI8, UI16, UI32, UI64]>;
def Dlc_FloatTensor : StaticShapeTensorOf<[F32, F64]>;
def Dlc_NumericTensor : StaticShapeTensorOf<[F32, F64, I8, I16, I32, I64, UI8,
                                             UI16, UI32, UI64]>;
def Dlc_IndexTensor : StaticShapeTensorOf<[I32, I64]>;

#endif // DLC_DIALECT_GRAPH_IR_GRAPHBASE_TD
