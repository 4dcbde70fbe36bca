//===- ArtifactSignature.cpp - read a model's signature -------------------===//

#include "dlc/Target/CPU/Artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace mlir;
using namespace dlc;

static FailureOr<std::string> dtypeName(Type type) {
  if (type.isF32())
    return std::string("f32");
  if (type.isF64())
    return std::string("f64");
  if (type.isF16())
    return std::string("f16");
  if (type.isBF16())
    return std::string("bf16");
  if (type.isInteger(1))
    return std::string("bool");
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || !llvm::is_contained({8u, 16u, 32u, 64u}, integer.getWidth()))
    return failure();
  return (integer.isUnsigned() ? "u" : "i") +
         std::to_string(integer.getWidth());
}

static FailureOr<TensorSignature> readTensor(Type type, DictionaryAttr attrs,
                                             StringRef defaultName,
                                             func::FuncOp entry) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return entry.emitError("entry function '")
           << entry.getSymName() << "' uses " << type
           << "; only statically shaped tensors can cross the artifact ABI";
  auto dtype = dtypeName(tensor.getElementType());
  if (failed(dtype))
    return entry.emitError("element type ")
           << tensor.getElementType() << " cannot cross the artifact ABI";
  TensorSignature sig;
  sig.dtype = *dtype;
  sig.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  auto name = attrs ? attrs.getAs<StringAttr>("dlc.name") : StringAttr();
  sig.name = name ? name.str() : defaultName.str();
  return sig;
}

FailureOr<ArtifactSignature> dlc::extractSignature(ModuleOp module,
                                                   StringRef target) {
  func::FuncOp entry = module.lookupSymbol<func::FuncOp>("main");
  if (!entry) {
    for (auto fn : module.getOps<func::FuncOp>()) {
      if (!fn.isPublic() || fn.isExternal())
        continue;
      if (entry)
        return module.emitError("the module has several public functions ('")
               << entry.getSymName() << "', '" << fn.getSymName()
               << "'); name the entry function 'main'";
      entry = fn;
    }
  }
  if (!entry || entry.isExternal())
    return module.emitError(
        "the module has no entry function (a public func.func, e.g. @main)");
  ArtifactSignature signature;
  signature.entry = entry.getSymName().str();
  signature.target = target.str();
  FunctionType type = entry.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    auto sig = readTensor(type.getInput(i), entry.getArgAttrDict(i),
                          "input_" + std::to_string(i), entry);
    if (failed(sig))
      return failure();
    signature.inputs.push_back(*sig);
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    auto sig = readTensor(type.getResult(i), entry.getResultAttrDict(i),
                          "output_" + std::to_string(i), entry);
    if (failed(sig))
      return failure();
    signature.outputs.push_back(*sig);
  }
  return signature;
}

std::string ArtifactSignature::toMetadataText() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "dlc-artifact " << kArtifactFormatVersion << "\n";
  os << "target " << target << "\n";
  if (!deviceArch.empty())
    os << "device-arch " << deviceArch << "\n";
  if (!cpuTarget.empty())
    os << "cpu-target " << cpuTarget << "\n";
  if (weightBytes >= 0 && workspaceBytes >= 0)
    os << "memory " << weightBytes << " " << workspaceBytes << "\n";
  auto writeTensor = [&](StringRef kind, const TensorSignature &sig) {
    os << kind << " " << sig.dtype << " " << sig.shape.size();
    for (int64_t dim : sig.shape)
      os << " " << dim;
    os << " " << sig.name << "\n";
  };
  for (const auto &sig : inputs)
    writeTensor("input", sig);
  for (const auto &sig : outputs)
    writeTensor("output", sig);
  for (const KernelSignature &kernel : kernels) {
    os << "kernel " << kernel.flops << " " << kernel.bytes << " "
       << kernel.name;
    if (!kernel.nodes.empty())
      os << " " << kernel.nodes;
    os << "\n";
  }
  return text;
}

void ArtifactSignature::takeCodegenAnnotations(ModuleOp module) {
  for (auto [name, field] :
       {std::pair<StringRef, int64_t *>{"dlc.weight_bytes", &weightBytes},
        {"dlc.workspace_bytes", &workspaceBytes}}) {
    if (auto bytes = module->getAttrOfType<IntegerAttr>(name))
      *field = bytes.getInt();
    module->removeAttr(name);
  }
  if (auto table = module->getAttrOfType<ArrayAttr>("dlc.kernels"))
    for (auto entry : table.getAsRange<DictionaryAttr>()) {
      KernelSignature kernel;
      if (auto name = entry.getAs<StringAttr>("name"))
        kernel.name = name.str();
      if (auto nodes = entry.getAs<StringAttr>("nodes"))
        kernel.nodes = nodes.str();
      if (auto flops = entry.getAs<IntegerAttr>("flops"))
        kernel.flops = flops.getInt();
      if (auto bytes = entry.getAs<IntegerAttr>("bytes"))
        kernel.bytes = bytes.getInt();
      // One metadata line each: node names keep to it.
      for (std::string *text : {&kernel.name, &kernel.nodes})
        std::replace_if(
            text->begin(), text->end(),
            [](char c) { return c == '\n' || c == '\r' || c == '\0'; }, ' ');
      kernels.push_back(std::move(kernel));
    }
  module->removeAttr("dlc.kernels");
}
