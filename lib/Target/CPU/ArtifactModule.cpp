//===- ArtifactModule.cpp - LLVM IR with the artifact ABI -----------------===//

#include "dlc/Target/CPU/Artifact.h"
#include "dlc/Target/CUDA/DeviceRuntimeHooks.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Verifier.h"

using namespace mlir;
using namespace dlc;

static bool hasNoElements(const TensorSignature &tensor) {
  return llvm::is_contained(tensor.shape, 0);
}

/// Adds `void dlc_artifact_invoke(void **buffers)`, which unpacks the buffer
/// array (inputs, then outputs) into the entry function's pointer arguments.
/// Tensors without elements have a slot but no argument (see
/// dlc-drop-empty-entry-tensors).
static LogicalResult addInvokeWrapper(llvm::Module &module,
                                      const ArtifactSignature &signature,
                                      Location loc) {
  llvm::Function *entry = module.getFunction(signature.entry);
  SmallVector<size_t> argumentSlots;
  size_t slot = 0;
  for (const auto *tensors : {&signature.inputs, &signature.outputs})
    for (const TensorSignature &tensor : *tensors) {
      if (!hasNoElements(tensor))
        argumentSlots.push_back(slot);
      ++slot;
    }
  if (!entry || entry->arg_size() != argumentSlots.size())
    return emitError(loc, "lowered entry function '")
           << signature.entry << "' does not take " << argumentSlots.size()
           << " buffer pointers";
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptrType = llvm::PointerType::getUnqual(ctx);
  auto *invokeType = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                             {ptrType}, /*isVarArg=*/false);
  auto *invoke =
      llvm::Function::Create(invokeType, llvm::GlobalValue::ExternalLinkage,
                             DLC_ARTIFACT_INVOKE_SYMBOL, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", invoke));
  llvm::SmallVector<llvm::Value *> args;
  for (size_t i : argumentSlots) {
    llvm::Value *slotAddress =
        builder.CreateConstInBoundsGEP1_64(ptrType, invoke->getArg(0), i);
    args.push_back(builder.CreateLoad(ptrType, slotAddress));
  }
  builder.CreateCall(entry, args);
  builder.CreateRetVoid();
  // Only the ABI symbols stay exported; the rest may be inlined freely.
  for (llvm::Function &fn : module)
    if (!fn.isDeclaration() && &fn != invoke)
      fn.setLinkage(llvm::GlobalValue::InternalLinkage);
  return success();
}

/// Defines the declared function `fn` as a call, with its arguments, through
/// the exported pointer `hookName` when the runtime set it, else through
/// `fallback` (or, without one, as a no-op; `fn` then returns void).
static void defineThroughHook(llvm::Module &module, llvm::Function *fn,
                              llvm::StringRef hookName,
                              std::optional<llvm::FunctionCallee> fallback) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptrType = llvm::PointerType::getUnqual(ctx);
  auto *pointer = new llvm::GlobalVariable(
      module, ptrType, /*isConstant=*/false, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantPointerNull::get(ptrType), hookName);
  fn->setLinkage(llvm::GlobalValue::InternalLinkage);
  llvm::SmallVector<llvm::Value *> args;
  for (llvm::Argument &arg : fn->args())
    args.push_back(&arg);
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto *viaFallback = llvm::BasicBlock::Create(ctx, "fallback", fn);
  auto *viaHook = llvm::BasicBlock::Create(ctx, "hook", fn);
  llvm::IRBuilder<> builder(entry);
  llvm::Value *target = builder.CreateLoad(ptrType, pointer);
  builder.CreateCondBr(builder.CreateIsNull(target), viaFallback, viaHook);
  auto callAndReturn = [&](llvm::BasicBlock *block,
                           std::optional<llvm::FunctionCallee> callee) {
    builder.SetInsertPoint(block);
    llvm::CallInst *call = callee ? builder.CreateCall(*callee, args) : nullptr;
    if (fn->getReturnType()->isVoidTy())
      builder.CreateRetVoid();
    else
      builder.CreateRet(call);
  };
  callAndReturn(viaFallback, fallback);
  callAndReturn(viaHook, llvm::FunctionCallee(fn->getFunctionType(), target));
}

/// Defines the allocation functions MLIR's generic memref lowering calls:
/// through the exported hooks `dlc_artifact_alloc` / `dlc_artifact_free` when
/// the runtime set them (its per-model caching allocator), else malloc/free.
static void addAllocatorHooks(llvm::Module &module) {
  for (auto [mlirName, hookName, libcName] :
       {std::tuple<const char *, const char *, const char *>{
            "_mlir_memref_to_llvm_alloc", DLC_ARTIFACT_ALLOC_SYMBOL, "malloc"},
        {"_mlir_memref_to_llvm_free", DLC_ARTIFACT_FREE_SYMBOL, "free"}}) {
    llvm::Function *fn = module.getFunction(mlirName);
    if (!fn || !fn->isDeclaration())
      continue;
    defineThroughHook(
        module, fn, hookName,
        module.getOrInsertFunction(libcName, fn->getFunctionType()));
  }
}

/// Defines `__dlc_profile_kernel(id, phase)`, which dlc-instrument-kernels
/// calls around kernels: a call through the exported hook
/// `dlc_artifact_profile` when the runtime set it, else nothing.
static void addProfileHook(llvm::Module &module) {
  llvm::Function *fn = module.getFunction("__dlc_profile_kernel");
  if (fn && fn->isDeclaration())
    defineThroughHook(module, fn, DLC_ARTIFACT_PROFILE_SYMBOL, std::nullopt);
}

static void addMetadata(llvm::Module &module,
                        const ArtifactSignature &signature) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Constant *text = llvm::ConstantDataArray::getString(
      ctx, signature.toMetadataText(), /*AddNull=*/true);
  // In a section of its own, so the runtime and `dlc inspect` find it in
  // the file without loading it.
  auto *global = new llvm::GlobalVariable(
      module, text->getType(), /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage, text, DLC_ARTIFACT_METADATA_SYMBOL);
  global->setSection(DLC_ARTIFACT_METADATA_SECTION);
}

FailureOr<std::unique_ptr<llvm::Module>> dlc::translateToArtifactModule(
    ModuleOp module, const ArtifactSignature &signature,
    llvm::TargetMachine &machine, llvm::LLVMContext &llvmContext,
    std::unique_ptr<llvm::Module> *weights) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);

  // The signature already carries names; the translation does not know
  // dlc's argument attributes.
  module.walk([](LLVM::LLVMFuncOp fn) {
    fn.removeArgAttrsAttr();
    fn.removeResAttrsAttr();
  });
  std::vector<DetachedWeight> detached;
  if (weights)
    detached = detachWeights(module);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "dlc_artifact");
  if (!llvmModule)
    return module.emitError("translation to LLVM IR failed");
  llvmModule->setDataLayout(machine.createDataLayout());
  llvmModule->setTargetTriple(machine.getTargetTriple());
  if (failed(addInvokeWrapper(*llvmModule, signature, module.getLoc())))
    return failure();
  addAllocatorHooks(*llvmModule);
  addProfileHook(*llvmModule);
  if (signature.target == "cuda" &&
      failed(addDeviceRuntimeHooks(*llvmModule, module.getLoc())))
    return failure();
  addMetadata(*llvmModule, signature);
  if (weights)
    *weights = buildWeightsModule(*llvmModule, detached);

  std::string verifyErrors;
  llvm::raw_string_ostream verifyStream(verifyErrors);
  if (llvm::verifyModule(*llvmModule, &verifyStream))
    return module.emitError("generated LLVM IR is invalid: ") << verifyErrors;
  return llvmModule;
}

llvm::Error dlc::optimizeArtifactModule(llvm::Module &module,
                                        llvm::TargetMachine &machine,
                                        unsigned optLevel) {
  return makeOptimizingTransformer(optLevel, /*sizeLevel=*/0,
                                   &machine)(&module);
}
