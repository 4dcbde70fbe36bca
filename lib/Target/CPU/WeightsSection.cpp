//===- WeightsSection.cpp - large constants in an object of their own -----===//
//
// A model's weights are most of its artifact. As LLVM IR constants of the
// code's module they would be serialized into a partition's bitcode and read
// back, walked by the optimizer, and printed by the code generator one
// element at a time (floats through APFloat). Instead they move, as raw
// bytes, into a module of their own whose globals live in the
// `.dlc.weights` section; it goes straight to an object file. The
// code keeps hidden external declarations of the same symbols.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/CPU/Artifact.h"

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

} // namespace

std::unique_ptr<llvm::Module> dlc::splitOffWeights(llvm::Module &module) {
  const llvm::DataLayout &layout = module.getDataLayout();
  auto weights =
      std::make_unique<llvm::Module>("dlc.weights", module.getContext());
  weights->setDataLayout(layout);
  weights->setTargetTriple(module.getTargetTriple());
  llvm::Type *byte = llvm::Type::getInt8Ty(module.getContext());
  for (llvm::GlobalVariable &global : module.globals()) {
    if (!global.isConstant() || !global.hasInitializer() ||
        layout.getTypeAllocSize(global.getValueType()) < kMinWeightBytes)
      continue;
    std::string bytes;
    if (!appendRawBytes(global.getInitializer(), layout, bytes))
      continue;
    llvm::Constant *data =
        llvm::ConstantDataArray::getRaw(bytes, bytes.size(), byte);
    auto *definition = new llvm::GlobalVariable(
        *weights, data->getType(), /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, data, global.getName());
    definition->setAlignment(std::max(global.getAlign().valueOrOne(),
                                      llvm::Align(kWeightAlignment)));
    definition->setSection(".dlc.weights");
    definition->setVisibility(llvm::GlobalValue::HiddenVisibility);
    definition->setDSOLocal(true);
    // The code's global becomes a declaration of the same (hidden) symbol.
    global.setInitializer(nullptr);
    global.setLinkage(llvm::GlobalValue::ExternalLinkage);
    global.setVisibility(llvm::GlobalValue::HiddenVisibility);
    global.setDSOLocal(true);
    global.setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::None);
  }
  if (weights->global_empty())
    return nullptr;
  return weights;
}
