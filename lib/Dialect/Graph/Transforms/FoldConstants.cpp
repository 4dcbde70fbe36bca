//===- FoldConstants.cpp - compile-time evaluation of constant ops --------===//
//
// Applies the ops' folders (GraphFolding.cpp) to every op whose operands are
// constants, in program order, so that a whole constant chain folds in one
// walk.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Graph/Transforms/Passes.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "dlc-fold-constants"

namespace dlc::graph {
#define GEN_PASS_DEF_DLCFOLDCONSTANTSPASS
#include "dlc/Dialect/Graph/Transforms/Passes.h.inc"
} // namespace dlc::graph

using namespace mlir;
using namespace dlc::graph;

namespace {
struct DlcFoldConstantsPass
    : dlc::graph::impl::DlcFoldConstantsPassBase<DlcFoldConstantsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk<WalkOrder::PreOrder>(
        [&](Operation *op) { ops.push_back(op); });
    unsigned folded = 0;
    for (Operation *op : ops) {
      LLVM_DEBUG(llvm::dbgs() << "trying " << op->getName() << "\n");
      folded += foldConstantOperation(op);
    }
    // Operands of folded ops (shape vectors, index tables) are dead now.
    getOperation().walk([](ConstantOp constant) {
      if (constant->use_empty())
        constant->erase();
    });
    LLVM_DEBUG(llvm::dbgs() << folded << " ops folded\n");
  }
};
} // namespace
