//===- InstrumentKernels.cpp - profiling hooks around kernel calls --------===//
//
// Kernels are inlined into the entry function before tiling, so the only
// place their boundaries are still visible is here, on calls of outlined
// kernels. The hooks are opaque calls: LLVM keeps each kernel's loops
// between its two, and a run without a profiler pays two predictable
// branches per kernel.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

namespace dlc {
#define GEN_PASS_DEF_DLCINSTRUMENTKERNELSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
constexpr StringLiteral kProfileHookName = "__dlc_profile_kernel";

/// Whether `op`'s body multiplies: pooling matches the convolution interface
/// but does no multiply-accumulate.
bool multiplies(linalg::LinalgOp op) {
  return op.getBlock()
      ->walk([](Operation *inner) {
        return isa<arith::MulFOp, arith::MulIOp>(inner)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

/// 2 x the iteration space of the kernel's contractions and convolutions
/// (a multiply and an add per point); 0 if it has none or one is dynamic.
int64_t countFlops(func::FuncOp kernel) {
  int64_t flops = 0;
  bool dynamic = false;
  kernel.walk([&](linalg::LinalgOp op) {
    if (!linalg::isaContractionOpInterface(op) &&
        !linalg::isaConvolutionOpInterface(op))
      return;
    if (!multiplies(op))
      return;
    int64_t points = 1;
    for (int64_t range : op.getStaticLoopRanges())
      if (ShapedType::isDynamic(range))
        dynamic = true;
      else
        points *= range;
    flops += 2 * points;
  });
  return dynamic ? 0 : flops;
}

/// Bytes of one tensor of static shape; 0 for anything else.
int64_t tensorBytes(Type type) {
  auto shaped = dyn_cast<RankedTensorType>(type);
  if (!shaped || !shaped.hasStaticShape() ||
      !shaped.getElementType().isIntOrFloat())
    return 0;
  return shaped.getNumElements() *
         llvm::divideCeil(shaped.getElementTypeBitWidth(), 8);
}

/// Bytes a call of `kernel` reads and writes at least: its operands, results
/// and the constant tensors (weights) it holds.
int64_t countBytes(func::FuncOp kernel) {
  int64_t bytes = 0;
  FunctionType type = kernel.getFunctionType();
  for (Type operand : type.getInputs())
    bytes += tensorBytes(operand);
  for (Type result : type.getResults())
    bytes += tensorBytes(result);
  kernel.walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::ConstantLike>())
      for (Type result : op->getResultTypes())
        bytes += tensorBytes(result);
  });
  return bytes;
}

/// `file:line` of the first file location in `loc`, or "".
std::string sourceLine(Location loc) {
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::string line = sourceLine(inner); !line.empty())
        return line;
    return {};
  }
  if (auto named = dyn_cast<NameLoc>(loc))
    return sourceLine(named.getChildLoc());
  auto file = dyn_cast<FileLineColLoc>(loc);
  if (!file)
    return {};
  return (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
          Twine(file.getLine()))
      .str();
}

/// The ONNX nodes (or other named ops) fused into `kernel`, in order; for
/// models without node names (MLIR text), the source lines of its ops.
std::string nodeNames(func::FuncOp kernel) {
  std::vector<std::string> names, lines;
  llvm::StringSet<> seen;
  kernel.walk([&](Operation *op) {
    if (StringRef name = dlc::graph::getNodeName(op->getLoc()); !name.empty()) {
      if (seen.insert(name).second)
        names.push_back(name.str());
    } else if (std::string line = sourceLine(op->getLoc()); !line.empty()) {
      if (seen.insert(line).second)
        lines.push_back(line);
    }
  });
  return llvm::join(names.empty() ? lines : names, ",");
}

struct DlcInstrumentKernelsPass
    : dlc::impl::DlcInstrumentKernelsPassBase<DlcInstrumentKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<std::pair<func::CallOp, func::FuncOp>> calls;
    for (auto function : module.getOps<func::FuncOp>()) {
      if (!function.isPublic() || function.isExternal())
        continue;
      function.walk([&](func::CallOp call) {
        auto kernel = symbols.lookup<func::FuncOp>(call.getCallee());
        if (kernel && kernel.isPrivate() && kernel->hasAttr("dlc.device"))
          calls.push_back({call, kernel});
      });
    }
    if (calls.empty())
      return;

    OpBuilder builder(module.getContext());
    Type i64 = builder.getI64Type(), i32 = builder.getI32Type();
    builder.setInsertionPointToStart(module.getBody());
    auto hook = func::FuncOp::create(builder, module.getLoc(), kProfileHookName,
                                     builder.getFunctionType({i64, i32}, {}));
    hook.setPrivate();

    SmallVector<Attribute> table;
    for (auto [id, entry] : llvm::enumerate(calls)) {
      auto [call, kernel] = entry;
      Location loc = call.getLoc();
      auto bracket = [&, id = id](int32_t phase) {
        Value kernelId = arith::ConstantOp::create(
            builder, loc, builder.getI64IntegerAttr(int64_t(id)));
        Value phaseValue = arith::ConstantOp::create(
            builder, loc, builder.getI32IntegerAttr(phase));
        func::CallOp::create(builder, loc, hook,
                             ValueRange{kernelId, phaseValue});
      };
      builder.setInsertionPoint(call);
      bracket(0);
      builder.setInsertionPointAfter(call);
      bracket(1);
      table.push_back(builder.getDictionaryAttr({
          builder.getNamedAttr("name", builder.getStringAttr(kernel.getName())),
          builder.getNamedAttr("nodes",
                               builder.getStringAttr(nodeNames(kernel))),
          builder.getNamedAttr("flops",
                               builder.getI64IntegerAttr(countFlops(kernel))),
          builder.getNamedAttr("bytes",
                               builder.getI64IntegerAttr(countBytes(kernel))),
      }));
    }
    module->setAttr("dlc.kernels", builder.getArrayAttr(table));
  }
};
} // namespace
