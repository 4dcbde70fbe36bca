//===- FuseElementwise.cpp - elementwise producer/consumer fusion ---------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSEELEMENTWISEPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
struct DlcFuseElementwisePass
    : dlc::impl::DlcFuseElementwisePassBase<DlcFuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::ControlFusionFn onlyUser = [](OpOperand *fused) {
      return llvm::all_of(fused->get().getUsers(), [&](Operation *user) {
        return user == fused->getOwner();
      });
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, onlyUser);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
