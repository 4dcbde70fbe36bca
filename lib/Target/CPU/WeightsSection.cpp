//===- WeightsSection.cpp - large constants in an object of their own -----===//
//
// A model's weights are most of its artifact. As LLVM IR constants of the
// code's module they would be translated into LLVM constants, serialized
// into a partition's bitcode and read back, walked by the optimizer, and
// printed by the code generator one element at a time (floats through
// APFloat). Instead they go, as raw bytes, into a module of their own whose
// globals live in the `.dlc.weights` section, compiled straight to an object
// file; the code keeps hidden external declarations of the same symbols.
// Dense constants leave the LLVM-dialect module before translation (their
// bytes are copied once, from the attribute); large constants made during
// translation (a CUDA image) leave the translated module.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/CPU/Artifact.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"

using namespace dlc;

namespace {

/// Constants smaller than this stay in the code's module, where the
/// optimizer may fold loads from them.
constexpr uint64_t kMinWeightBytes = 16 * 1024;
/// Weights start on cache lines (and on the widest vector).
constexpr uint64_t kWeightAlignment = 64;

/// Appends the bytes of `constant` in memory order; false if it is not a
/// (nested) array of plain data.
bool appendRawBytes(const llvm::Constant *constant,
                    const llvm::DataLayout &layout, std::string &bytes) {
  if (auto *data = llvm::dyn_cast<llvm::ConstantDataSequential>(constant)) {
    llvm::StringRef raw = data->getRawDataValues();
    bytes.append(raw.begin(), raw.end());
    return true;
  }
  if (llvm::isa<llvm::ConstantAggregateZero>(constant)) {
    bytes.append(layout.getTypeAllocSize(constant->getType()), '\0');
    return true;
  }
  auto *array = llvm::dyn_cast<llvm::ConstantArray>(constant);
  if (!array)
    return false;
  for (const llvm::Use &element : array->operands())
    if (!appendRawBytes(llvm::cast<llvm::Constant>(element.get()), layout,
                        bytes))
      return false;
  return true;
}

/// Defines `name` in `weights` with `bytes`, in the weights section.
void defineWeight(llvm::Module &weights, llvm::StringRef name,
                  llvm::StringRef bytes, llvm::MaybeAlign alignment) {
  llvm::Constant *data = llvm::ConstantDataArray::getRaw(
      bytes, bytes.size(), llvm::Type::getInt8Ty(weights.getContext()));
  auto *definition =
      new llvm::GlobalVariable(weights, data->getType(), /*isConstant=*/true,
                               llvm::GlobalValue::ExternalLinkage, data, name);
  definition->setAlignment(
      std::max(alignment.valueOrOne(), llvm::Align(kWeightAlignment)));
  definition->setSection(".dlc.weights");
  definition->setVisibility(llvm::GlobalValue::HiddenVisibility);
  definition->setDSOLocal(true);
}

/// Makes the code's `global` a declaration of the weights' symbol.
void declareWeight(llvm::GlobalVariable &global) {
  global.setInitializer(nullptr);
  global.setLinkage(llvm::GlobalValue::ExternalLinkage);
  global.setVisibility(llvm::GlobalValue::HiddenVisibility);
  global.setDSOLocal(true);
  global.setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::None);
}

} // namespace

std::vector<DetachedWeight> dlc::detachWeights(mlir::ModuleOp module) {
  std::vector<DetachedWeight> weights;
  module.walk([&](mlir::LLVM::GlobalOp global) {
    auto dense = llvm::dyn_cast_or_null<mlir::DenseElementsAttr>(
        global.getValueOrNull());
    if (!global.getConstant() || !dense || dense.isSplat())
      return;
    mlir::Type element = dense.getElementType();
    if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
      return; // i1 data is bit-packed in the attribute
    llvm::ArrayRef<char> raw = dense.getRawData();
    if (raw.size() < kMinWeightBytes)
      return;
    weights.push_back(
        {global.getSymName().str(), llvm::StringRef(raw.data(), raw.size()),
         global.getAlignment() ? llvm::MaybeAlign(*global.getAlignment())
                               : llvm::MaybeAlign()});
    global.removeValueAttr();
    global.setLinkage(mlir::LLVM::Linkage::External);
  });
  return weights;
}

std::unique_ptr<llvm::Module>
dlc::buildWeightsModule(llvm::Module &code,
                        llvm::ArrayRef<DetachedWeight> detached) {
  const llvm::DataLayout &layout = code.getDataLayout();
  auto weights =
      std::make_unique<llvm::Module>("dlc.weights", code.getContext());
  weights->setDataLayout(layout);
  weights->setTargetTriple(code.getTargetTriple());
  for (const DetachedWeight &weight : detached) {
    llvm::GlobalVariable *global = code.getGlobalVariable(weight.name, true);
    if (!global)
      continue; // dropped by the translation: nothing uses it
    defineWeight(*weights, weight.name, weight.bytes, weight.alignment);
    declareWeight(*global);
  }
  for (llvm::GlobalVariable &global : code.globals()) {
    if (!global.isConstant() || !global.hasInitializer() ||
        layout.getTypeAllocSize(global.getValueType()) < kMinWeightBytes)
      continue;
    std::string bytes;
    if (!appendRawBytes(global.getInitializer(), layout, bytes))
      continue;
    defineWeight(*weights, global.getName(), bytes, global.getAlign());
    declareWeight(global);
  }
  if (weights->global_empty())
    return nullptr;
  return weights;
}
