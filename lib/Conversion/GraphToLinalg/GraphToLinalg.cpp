//===- GraphToLinalg.cpp - the convert-dlc-to-linalg pass -----------------===//

#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {
#define GEN_PASS_DEF_CONVERTGRAPHTOLINALGPASS
#include "dlc/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

void dlc::populateGraphToLinalgPatterns(RewritePatternSet &patterns) {
  populateGraphElementwiseToLinalgPatterns(patterns);
  populateGraphContractionToLinalgPatterns(patterns);
  populateGraphConvolutionToLinalgPatterns(patterns);
  populateGraphReductionToLinalgPatterns(patterns);
  populateGraphDataMovementToLinalgPatterns(patterns);
}

namespace {
struct ConvertGraphToLinalgPass
    : dlc::impl::ConvertGraphToLinalgPassBase<ConvertGraphToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect,
                           func::FuncDialect>();
    target.addIllegalDialect<graph::DlcDialect>();
    // Kernel regions are structure, not compute: their bodies are converted.
    target.addLegalOp<graph::KernelOp, graph::YieldOp>();
    RewritePatternSet patterns(ctx);
    populateGraphToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
