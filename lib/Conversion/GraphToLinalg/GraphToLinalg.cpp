//===- GraphToLinalg.cpp - the convert-dlc-to-linalg pass -----------------===//

#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

#include "StructuredBuilders.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"

namespace dlc {
#define GEN_PASS_DEF_CONVERTGRAPHTOLINALGPASS
#include "dlc/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

SignlessTypeConverter::SignlessTypeConverter() {
  addConversion([](Type type) { return getSignlessType(type); });
}

void dlc::populateGraphToLinalgPatterns(const TypeConverter &typeConverter,
                                        RewritePatternSet &patterns) {
  populateGraphElementwiseToLinalgPatterns(typeConverter, patterns);
  populateGraphContractionToLinalgPatterns(typeConverter, patterns);
  populateGraphConvolutionToLinalgPatterns(typeConverter, patterns);
  populateGraphPoolingToLinalgPatterns(typeConverter, patterns);
  populateGraphReductionToLinalgPatterns(typeConverter, patterns);
  populateGraphDataMovementToLinalgPatterns(typeConverter, patterns);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 typeConverter);
  populateCallOpTypeConversionPattern(patterns, typeConverter);
  populateReturnOpTypeConversionPattern(patterns, typeConverter);
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
    SignlessTypeConverter typeConverter;
    // Functions, calls and kernel regions are structure, not compute: their
    // bodies are converted, their types made signless.
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp fn) {
      return typeConverter.isSignatureLegal(fn.getFunctionType()) &&
             typeConverter.isLegal(&fn.getBody());
    });
    target.addDynamicallyLegalOp<func::CallOp, func::ReturnOp, graph::KernelOp,
                                 graph::YieldOp>(
        [&](Operation *op) { return typeConverter.isLegal(op); });
    RewritePatternSet patterns(ctx);
    populateGraphToLinalgPatterns(typeConverter, patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
