//===- TensorPrinter.cpp - print tensors numpy-style ----------------------===//

#include "HostTensor.h"

#include "llvm/Support/Format.h"

#include <cstring>

using namespace dlc::tool;

namespace {
/// Tensors with more elements print only their first and last edge items.
constexpr int64_t kSummarizeAbove = 1000;
constexpr int64_t kEdgeItems = 3;

void printElement(llvm::raw_ostream &os, const HostTensor &t, int64_t i) {
  const uint8_t *p = t.bytes.data() + i * dlc_dtype_size(t.dtype);
  switch (t.dtype) {
  case DLC_DTYPE_F32: {
    float v;
    std::memcpy(&v, p, 4);
    os << llvm::format("%.6g", v);
    return;
  }
  case DLC_DTYPE_I64: {
    int64_t v;
    std::memcpy(&v, p, 8);
    os << v;
    return;
  }
  case DLC_DTYPE_I32: {
    int32_t v;
    std::memcpy(&v, p, 4);
    os << v;
    return;
  }
  case DLC_DTYPE_I8:
    os << int(int8_t(*p));
    return;
  case DLC_DTYPE_BOOL:
    os << (*p ? "True" : "False");
    return;
  case DLC_DTYPE_F64: {
    double v;
    std::memcpy(&v, p, 8);
    os << llvm::format("%.6g", v);
    return;
  }
  case DLC_DTYPE_F16: {
    uint16_t v;
    std::memcpy(&v, p, 2);
    os << llvm::format("%.4g", halfToFloat(v));
    return;
  }
  case DLC_DTYPE_BF16: {
    uint16_t v;
    std::memcpy(&v, p, 2);
    os << llvm::format("%.3g", bfloat16ToFloat(v));
    return;
  }
  case DLC_DTYPE_I16: {
    int16_t v;
    std::memcpy(&v, p, 2);
    os << v;
    return;
  }
  case DLC_DTYPE_U8:
    os << unsigned(*p);
    return;
  case DLC_DTYPE_U16: {
    uint16_t v;
    std::memcpy(&v, p, 2);
    os << v;
    return;
  }
  case DLC_DTYPE_U32: {
    uint32_t v;
    std::memcpy(&v, p, 4);
    os << v;
    return;
  }
  case DLC_DTYPE_U64: {
    uint64_t v;
    std::memcpy(&v, p, 8);
    os << v;
    return;
  }
  }
}

void printLevel(llvm::raw_ostream &os, const HostTensor &t, size_t dim,
                int64_t offset, int64_t stride, bool summarize) {
  if (dim == t.shape.size()) {
    printElement(os, t, offset);
    return;
  }
  int64_t size = t.shape[dim];
  int64_t inner = stride / std::max<int64_t>(size, 1);
  os << "[";
  for (int64_t i = 0; i < size; ++i) {
    if (summarize && size > 2 * kEdgeItems && i == kEdgeItems) {
      os << "..., ";
      i = size - kEdgeItems - 1;
      continue;
    }
    printLevel(os, t, dim + 1, offset + i * inner, inner, summarize);
    if (i + 1 < size)
      os << (dim + 1 == t.shape.size() ? " " : ",\n ");
  }
  os << "]";
}
} // namespace

void dlc::tool::printTensor(llvm::raw_ostream &os, const HostTensor &tensor) {
  printLevel(os, tensor, 0, 0, tensor.numElements(),
             tensor.numElements() > kSummarizeAbove);
  os << "\n";
}
