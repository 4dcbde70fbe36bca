//===- GraphAttrs.cpp - dlc code-generation attributes --------------------===//

#include "dlc/Dialect/Graph/IR/Graph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dlc::graph;

#include "dlc/Dialect/Graph/IR/GraphEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dlc/Dialect/Graph/IR/GraphAttrs.cpp.inc"

void DlcDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dlc/Dialect/Graph/IR/GraphAttrs.cpp.inc"
      >();
}

// #dlc.lowering_config<strategy, vector_bits = N[, register_tile = [..]]
//                      [, cache_tiles = [..]]>
Attribute LoweringConfigAttr::parse(AsmParser &parser, Type) {
  std::string strategyName;
  if (parser.parseLess() || parser.parseKeywordOrString(&strategyName))
    return {};
  std::optional<LoweringStrategy> strategy =
      symbolizeLoweringStrategy(strategyName);
  if (!strategy) {
    parser.emitError(parser.getCurrentLocation(), "unknown lowering strategy '")
        << strategyName << "'";
    return {};
  }
  int64_t vectorBits = 0;
  SmallVector<int64_t> registerTile, cacheTiles;
  auto parseList = [&](SmallVectorImpl<int64_t> &values) {
    return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() {
      return parser.parseInteger(values.emplace_back());
    });
  };
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    if (key == "vector_bits") {
      if (parser.parseInteger(vectorBits))
        return {};
    } else if (key == "register_tile") {
      if (parseList(registerTile))
        return {};
    } else if (key == "cache_tiles") {
      if (parseList(cacheTiles))
        return {};
    } else {
      parser.emitError(keyLoc, "unknown lowering_config field '") << key << "'";
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<LoweringConfigAttr>(
      parser.getContext(), *strategy, vectorBits, registerTile, cacheTiles);
}

void LoweringConfigAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyLoweringStrategy(getStrategy())
          << ", vector_bits = " << getVectorBits();
  if (!getRegisterTile().empty())
    printer << ", register_tile = [" << getRegisterTile() << "]";
  if (!getCacheTiles().empty())
    printer << ", cache_tiles = [" << getCacheTiles() << "]";
  printer << ">";
}

LogicalResult
LoweringConfigAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                           LoweringStrategy strategy, int64_t vectorBits,
                           ArrayRef<int64_t> registerTile,
                           ArrayRef<int64_t> cacheTiles) {
  if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    return emitError() << "vector_bits must be 128, 256 or 512, not "
                       << vectorBits;
  if (llvm::any_of(registerTile, [](int64_t v) { return v <= 0; }) ||
      llvm::any_of(cacheTiles, [](int64_t v) { return v <= 0; }))
    return emitError() << "tile sizes must be positive";
  size_t tileRank = 0, cacheRank = 0;
  if (strategy == LoweringStrategy::Contraction)
    tileRank = 2, cacheRank = 3;
  else if (strategy == LoweringStrategy::DirectConvolution)
    tileRank = 2;
  if (registerTile.size() != tileRank)
    return emitError() << stringifyLoweringStrategy(strategy) << " needs "
                       << tileRank << " register tile sizes, not "
                       << registerTile.size();
  if (cacheTiles.size() != cacheRank)
    return emitError() << stringifyLoweringStrategy(strategy) << " needs "
                       << cacheRank << " cache tile sizes, not "
                       << cacheTiles.size();
  int64_t lanes = vectorBits / 32;
  if (tileRank && registerTile[1] % lanes != 0)
    return emitError() << "register tile columns (" << registerTile[1]
                       << ") must be whole vectors of " << lanes << " lanes";
  return success();
}

// #dlc.gpu_lowering_config<strategy[, block_size = N][, tile = N]
//                          [, lanes = N][, precision = NAME]>
Attribute GPULoweringConfigAttr::parse(AsmParser &parser, Type) {
  std::string strategyName;
  if (parser.parseLess() || parser.parseKeywordOrString(&strategyName))
    return {};
  std::optional<GPULoweringStrategy> strategy =
      symbolizeGPULoweringStrategy(strategyName);
  if (!strategy) {
    parser.emitError(parser.getCurrentLocation(),
                     "unknown GPU lowering strategy '")
        << strategyName << "'";
    return {};
  }
  int64_t blockSize = 0, tile = 0, lanes = 0;
  std::string precision;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    ParseResult parsed = failure();
    if (key == "block_size")
      parsed = parser.parseInteger(blockSize);
    else if (key == "tile")
      parsed = parser.parseInteger(tile);
    else if (key == "lanes")
      parsed = parser.parseInteger(lanes);
    else if (key == "precision")
      parsed = parser.parseKeywordOrString(&precision);
    else {
      parser.emitError(keyLoc, "unknown gpu_lowering_config field '")
          << key << "'";
      return {};
    }
    if (failed(parsed))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<GPULoweringConfigAttr>(
      parser.getContext(), *strategy, blockSize, tile, lanes, precision);
}

void GPULoweringConfigAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyGPULoweringStrategy(getStrategy());
  if (getBlockSize())
    printer << ", block_size = " << getBlockSize();
  if (getTile())
    printer << ", tile = " << getTile();
  if (getLanes())
    printer << ", lanes = " << getLanes();
  if (!getPrecision().empty())
    printer << ", precision = " << getPrecision();
  printer << ">";
}

LogicalResult GPULoweringConfigAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, GPULoweringStrategy strategy,
    int64_t blockSize, int64_t tile, int64_t lanes, StringRef precision) {
  StringRef name = stringifyGPULoweringStrategy(strategy);
  bool matmul = strategy == GPULoweringStrategy::TiledMatmul ||
                strategy == GPULoweringStrategy::TensorCoreMatmul;
  if (matmul != (tile != 0))
    return emitError() << name << (matmul ? " needs a tile" : " has no tile");
  if (matmul != (blockSize == 0))
    return emitError() << name
                       << (matmul ? " has no block_size (its block follows "
                                    "its tile)"
                                  : " needs a block_size");
  if (tile < 0 || blockSize < 0 || blockSize > 1024)
    return emitError() << "block_size must be 1 to 1024 and tile positive";
  if ((strategy == GPULoweringStrategy::VectorThreadPerOutput) != (lanes != 0))
    return emitError() << name << (lanes ? " has no lanes" : " needs lanes");
  if (lanes && !llvm::isPowerOf2_64(lanes))
    return emitError() << "lanes must be a power of two, not " << lanes;
  if ((strategy == GPULoweringStrategy::TensorCoreMatmul) != !precision.empty())
    return emitError() << name
                       << (precision.empty() ? " needs a precision (tf32, f16)"
                                             : " has no precision");
  if (!precision.empty() && precision != "tf32" && precision != "f16")
    return emitError() << "precision must be tf32 or f16, not '" << precision
                       << "'";
  return success();
}
