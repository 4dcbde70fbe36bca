//===- ContractionToLinalg.cpp - matmul and gemm to linalg ----------------===//

#include "StructuredBuilders.h"
#include "dlc/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "dlc/Dialect/Graph/IR/Graph.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// Builds the contraction result[out] += alpha * lhs[lhsMap] * rhs[rhsMap]
/// over `numDims` loops, the last of which is the reduction.
Value buildContraction(OpBuilder &b, Location loc, Value lhs, AffineMap lhsMap,
                       Value rhs, AffineMap rhsMap, Value init,
                       AffineMap outMap, double alpha) {
  unsigned numDims = outMap.getNumDims();
  SmallVector<utils::IteratorType> iterators(numDims,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, ValueRange{init},
      ArrayRef<AffineMap>{lhsMap, rhsMap, outMap}, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value product = arith::MulFOp::create(nb, nl, args[0], args[1]);
        if (alpha != 1.0)
          product = arith::MulFOp::create(
              nb, nl, buildScalar(nb, nl, product.getType(), alpha), product);
        linalg::YieldOp::create(
            nb, nl, Value(arith::AddFOp::create(nb, nl, args[2], product)));
      });
  return generic.getResult(0);
}

/// Batch-dimension exprs of a matmul operand broadcast to the result.
SmallVector<AffineExpr> batchExprs(RankedTensorType operand,
                                   RankedTensorType result, MLIRContext *ctx) {
  int64_t operandBatch = operand.getRank() - 2;
  int64_t resultBatch = result.getRank() - 2;
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < operandBatch; ++i) {
    int64_t d = i + resultBatch - operandBatch;
    bool broadcast = operand.getDimSize(i) == 1 && result.getDimSize(d) != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(d, ctx));
  }
  return exprs;
}

struct MatMulToLinalg : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    Value zero = buildScalar(rewriter, loc, type.getElementType(), 0.0);
    Value init = buildFilled(rewriter, loc, type, zero);
    auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
    auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
    if (lhsType.getRank() == 2 && rhsType.getRank() == 2) {
      rewriter.replaceOp(op, linalg::MatmulOp::create(
                                 rewriter, loc, TypeRange{type},
                                 ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                                 ValueRange{init})
                                 .getResult(0));
      return success();
    }
    // Batched/broadcast: loops (batch..., m, n, k).
    MLIRContext *ctx = op.getContext();
    int64_t rank = type.getRank();
    unsigned numDims = rank + 1;
    AffineExpr m = getAffineDimExpr(rank - 2, ctx);
    AffineExpr n = getAffineDimExpr(rank - 1, ctx);
    AffineExpr k = getAffineDimExpr(rank, ctx);
    SmallVector<AffineExpr> lhsExprs = batchExprs(lhsType, type, ctx);
    lhsExprs.append({m, k});
    SmallVector<AffineExpr> rhsExprs = batchExprs(rhsType, type, ctx);
    rhsExprs.append({k, n});
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < rank; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    rewriter.replaceOp(
        op, buildContraction(rewriter, loc, adaptor.getLhs(),
                             AffineMap::get(numDims, 0, lhsExprs, ctx),
                             adaptor.getRhs(),
                             AffineMap::get(numDims, 0, rhsExprs, ctx), init,
                             AffineMap::get(numDims, 0, outExprs, ctx), 1.0));
    return success();
  }
};

/// gemm: the accumulator starts at beta * C, so bias and scaling need no
/// separate pass over the result.
struct GemmToLinalg : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getSignlessType(op.getType());
    MLIRContext *ctx = op.getContext();
    double beta = op.getBeta().convertToDouble();
    Value init;
    if (Value c = adaptor.getC()) {
      init = buildBroadcastElementwise(
          rewriter, loc, type, {c},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            if (beta == 1.0)
              return args[0];
            return arith::MulFOp::create(
                b, l, buildScalar(b, l, args[0].getType(), beta), args[0]);
          });
    } else {
      init = buildFilled(rewriter, loc, type,
                         buildScalar(rewriter, loc, type.getElementType(), 0));
    }
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    auto map = [&](AffineExpr a, AffineExpr b) {
      return AffineMap::get(3, 0, {a, b}, ctx);
    };
    AffineMap aMap = op.getTransA() ? map(k, m) : map(m, k);
    AffineMap bMap = op.getTransB() ? map(n, k) : map(k, n);
    rewriter.replaceOp(op,
                       buildContraction(rewriter, loc, adaptor.getA(), aMap,
                                        adaptor.getB(), bMap, init, map(m, n),
                                        op.getAlpha().convertToDouble()));
    return success();
  }
};
} // namespace

void dlc::populateGraphContractionToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<MatMulToLinalg, GemmToLinalg>(typeConverter,
                                             patterns.getContext());
}
