//===- DeviceRuntimeHooks.cpp - CUDA calls through runtime hooks ----------===//

#include "dlc/Target/CUDA/DeviceRuntimeHooks.h"

#include "dlc/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"

using namespace dlc;

llvm::ArrayRef<llvm::StringRef> dlc::supportedDeviceRuntimeFunctions() {
#define DLC_DEVICE_FUNCTION_NAME(name) #name,
  static const llvm::StringRef names[] = {
      DLC_ARTIFACT_DEVICE_FUNCTIONS(DLC_DEVICE_FUNCTION_NAME)};
#undef DLC_DEVICE_FUNCTION_NAME
  return names;
}

/// Defines declared `fn` as a call through the exported hook pointer
/// `dlc_artifact_hook_<hookName>`; an unset hook traps (the runtime sets
/// every hook before running).
static void routeThroughHook(llvm::Function &fn, llvm::StringRef hookName) {
  llvm::Module &module = *fn.getParent();
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptrType = llvm::PointerType::getUnqual(ctx);
  std::string hookSymbol = std::string(kDeviceHookPrefix) + hookName.str();
  llvm::GlobalVariable *hook = module.getGlobalVariable(hookSymbol);
  if (!hook)
    hook = new llvm::GlobalVariable(module, ptrType, /*isConstant=*/false,
                                    llvm::GlobalValue::ExternalLinkage,
                                    llvm::ConstantPointerNull::get(ptrType),
                                    hookSymbol);
  fn.setLinkage(llvm::GlobalValue::InternalLinkage);
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", &fn);
  auto *unset = llvm::BasicBlock::Create(ctx, "unset", &fn);
  auto *call = llvm::BasicBlock::Create(ctx, "call", &fn);
  llvm::IRBuilder<> builder(entry);
  llvm::Value *target = builder.CreateLoad(ptrType, hook);
  builder.CreateCondBr(builder.CreateIsNull(target), unset, call);
  builder.SetInsertPoint(unset);
  builder.CreateIntrinsic(llvm::Intrinsic::trap, {});
  builder.CreateUnreachable();
  builder.SetInsertPoint(call);
  llvm::SmallVector<llvm::Value *> args;
  for (llvm::Argument &arg : fn.args())
    args.push_back(&arg);
  llvm::CallInst *result =
      builder.CreateCall(fn.getFunctionType(), target, args);
  if (fn.getReturnType()->isVoidTy())
    builder.CreateRetVoid();
  else
    builder.CreateRet(result);
}

/// Replaces the `llvm.global_ctors`-style list `listName` by an exported
/// function `entryName` calling its functions in priority order.
static void exportInitList(llvm::Module &module, llvm::StringRef listName,
                           llvm::StringRef entryName) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false);
  auto *entry = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                       entryName, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", entry));
  if (llvm::GlobalVariable *list = module.getGlobalVariable(listName)) {
    llvm::SmallVector<std::pair<uint64_t, llvm::Function *>> calls;
    if (auto *array =
            llvm::dyn_cast_or_null<llvm::ConstantArray>(list->getInitializer()))
      for (llvm::Value *element : array->operands()) {
        auto *entryStruct = llvm::cast<llvm::ConstantStruct>(element);
        auto *priority =
            llvm::cast<llvm::ConstantInt>(entryStruct->getOperand(0));
        auto *fn = llvm::cast<llvm::Function>(entryStruct->getOperand(1));
        calls.push_back({priority->getZExtValue(), fn});
      }
    llvm::sort(calls, llvm::less_first());
    for (auto [priority, fn] : calls)
      builder.CreateCall(fn);
    list->eraseFromParent();
  }
  builder.CreateRetVoid();
}

mlir::LogicalResult dlc::addDeviceRuntimeHooks(llvm::Module &module,
                                               mlir::Location loc) {
  llvm::SmallVector<llvm::Function *> declared, constants;
  for (llvm::Function &fn : module) {
    if (fn.isDeclaration() && fn.getName().starts_with("mgpu"))
      declared.push_back(&fn);
    if (fn.isDeclaration() && fn.getName().starts_with(kDeviceConstantPrefix))
      constants.push_back(&fn);
  }
  for (llvm::Function *fn : declared) {
    if (!llvm::is_contained(supportedDeviceRuntimeFunctions(), fn->getName()))
      return mlir::emitError(loc, "host code calls '")
             << fn->getName()
             << "', which libdlc_runtime's CUDA backend does not provide";
    routeThroughHook(*fn, fn->getName());
  }
  // One per constant type, all `ptr (ptr host, i64 bytes)`: one hook.
  for (llvm::Function *fn : constants)
    routeThroughHook(*fn, kDeviceConstantHook);
  exportInitList(module, "llvm.global_ctors", DLC_ARTIFACT_DEVICE_INIT_SYMBOL);
  exportInitList(module, "llvm.global_dtors", DLC_ARTIFACT_DEVICE_FINI_SYMBOL);
  return mlir::success();
}
