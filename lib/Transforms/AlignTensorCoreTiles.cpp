//===- AlignTensorCoreTiles.cpp - 32-byte workgroup buffers for WMMA ------===//
//
// wmma.load and wmma.store fault on addresses that are not 32-byte aligned;
// the NVVM lowering aligns workgroup buffers only to their element type.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_DLCALIGNTENSORCORETILESPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// The alignment wmma.load/store need (256 bits).
constexpr int64_t kTensorCoreAlignment = 32;

/// Whether a subgroup MMA load or store accesses `buffer`, directly or
/// through views of it.
bool hasTensorCoreAccess(Value buffer) {
  SmallVector<Value> worklist{buffer};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (isa<gpu::SubgroupMmaLoadMatrixOp, gpu::SubgroupMmaStoreMatrixOp>(
              user))
        return true;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user);
          view && view.getViewSource() == value)
        llvm::append_range(worklist, user->getResults());
    }
  }
  return false;
}

struct DlcAlignTensorCoreTilesPass
    : dlc::impl::DlcAlignTensorCoreTilesPassBase<DlcAlignTensorCoreTilesPass> {
  void runOnOperation() override {
    StringRef alignName = LLVM::LLVMDialect::getAlignAttrName();
    getOperation().walk([&](gpu::GPUFuncOp func) {
      for (auto [index, buffer] :
           llvm::enumerate(func.getWorkgroupAttributions())) {
        if (!hasTensorCoreAccess(buffer))
          continue;
        auto current = dyn_cast_or_null<IntegerAttr>(
            func.getWorkgroupAttributionAttr(index, alignName));
        if (current && current.getInt() >= kTensorCoreAlignment)
          continue;
        func.setWorkgroupAttributionAttr(
            index, alignName,
            IntegerAttr::get(IntegerType::get(&getContext(), 64),
                             kTensorCoreAlignment));
      }
    });
  }
};
} // namespace
