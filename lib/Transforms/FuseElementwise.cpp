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
    // A matrix product keeps its operands: with a producer's body inside it
    // is no longer a contraction, and is not tiled into register tiles.
    linalg::ControlFusionFn onlyUserNotMatmul = [](OpOperand *fused) {
      if (auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
          consumer && linalg::isaContractionOpInterface(consumer)) {
        FailureOr<linalg::ContractionDimensions> dims =
            linalg::inferContractionDims(consumer);
        if (succeeded(dims) && !dims->m.empty() && !dims->n.empty() &&
            !dims->k.empty())
          return false;
      }
      return llvm::all_of(fused->get().getUsers(), [&](Operation *user) {
        return user == fused->getOwner();
      });
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, onlyUserNotMatmul);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
