//===- TensorSpec.cpp - parse `dlc run --input` values --------------------===//

#include "HostTensor.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <cstring>
#include <random>

using namespace dlc::tool;

static llvm::Error specError(llvm::StringRef spec, const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "bad --input '" + spec + "': " + why);
}

static bool parseDtypeName(llvm::StringRef name, dlc_dtype &dtype) {
  static const std::pair<const char *, dlc_dtype> table[] = {
      {"f32", DLC_DTYPE_F32}, {"i64", DLC_DTYPE_I64}, {"i32", DLC_DTYPE_I32},
      {"i8", DLC_DTYPE_I8},   {"i1", DLC_DTYPE_BOOL}, {"bool", DLC_DTYPE_BOOL},
      {"f64", DLC_DTYPE_F64}, {"f16", DLC_DTYPE_F16}, {"bf16", DLC_DTYPE_BF16},
      {"i16", DLC_DTYPE_I16}, {"u8", DLC_DTYPE_U8},   {"u16", DLC_DTYPE_U16},
      {"u32", DLC_DTYPE_U32}, {"u64", DLC_DTYPE_U64}};
  for (auto &[text, value] : table)
    if (name == text) {
      dtype = value;
      return true;
    }
  return false;
}

template <typename T>
static void store(HostTensor &tensor, int64_t index, T value) {
  std::memcpy(tensor.bytes.data() + index * sizeof(T), &value, sizeof(T));
}

static void storeNumber(HostTensor &tensor, int64_t index, double value) {
  switch (tensor.dtype) {
  case DLC_DTYPE_F32:
    return store<float>(tensor, index, static_cast<float>(value));
  case DLC_DTYPE_I64:
    return store<int64_t>(tensor, index, static_cast<int64_t>(value));
  case DLC_DTYPE_I32:
    return store<int32_t>(tensor, index, static_cast<int32_t>(value));
  case DLC_DTYPE_I8:
    return store<int8_t>(tensor, index, static_cast<int8_t>(value));
  case DLC_DTYPE_BOOL:
    return store<uint8_t>(tensor, index, value != 0);
  case DLC_DTYPE_F64:
    return store<double>(tensor, index, value);
  case DLC_DTYPE_F16:
    return store<uint16_t>(tensor, index, floatToHalf(float(value)));
  case DLC_DTYPE_BF16:
    return store<uint16_t>(tensor, index, floatToBFloat16(float(value)));
  case DLC_DTYPE_I16:
    return store<int16_t>(tensor, index, static_cast<int16_t>(value));
  case DLC_DTYPE_U8:
    return store<uint8_t>(tensor, index, static_cast<uint8_t>(value));
  case DLC_DTYPE_U16:
    return store<uint16_t>(tensor, index, static_cast<uint16_t>(value));
  case DLC_DTYPE_U32:
    return store<uint32_t>(tensor, index, static_cast<uint32_t>(value));
  case DLC_DTYPE_U64:
    return store<uint64_t>(tensor, index, static_cast<uint64_t>(value));
  }
}

llvm::Expected<HostTensor> dlc::tool::parseTensorSpec(llvm::StringRef spec,
                                                      uint64_t seed) {
  if (spec.starts_with("@")) {
    llvm::StringRef path = spec.drop_front();
    if (path.ends_with(".npy"))
      return readNpy(path);
    if (path.ends_with(".pb"))
      return readTensorProto(path);
    return specError(spec, "input files must be .npy or .pb (TensorProto)");
  }
  auto [typeText, valuesText] = spec.split('=');
  if (valuesText.empty() && !spec.contains('='))
    return specError(spec, "expected @FILE.npy or SHAPExDTYPE=VALUES "
                           "(e.g. 2x3xf32=1,2,3,4,5,6 or "
                           "1x3x224x224xf32=random)");
  llvm::SmallVector<llvm::StringRef> parts;
  typeText.split(parts, 'x');
  std::vector<int64_t> shape;
  for (llvm::StringRef dim : llvm::ArrayRef(parts).drop_back()) {
    int64_t value;
    if (dim.getAsInteger(10, value) || value < 0)
      return specError(spec, "'" + dim + "' is not a dimension size");
    shape.push_back(value);
  }
  dlc_dtype dtype;
  if (!parseDtypeName(parts.back(), dtype))
    return specError(spec,
                     "unknown element type '" + parts.back() +
                         "' (use f32, f64, f16, bf16, i64, i32, i16, i8, u64, "
                         "u32, u16, u8, bool)");
  HostTensor tensor = allocateTensor(dtype, shape);
  int64_t count = tensor.numElements();
  if (valuesText.trim() == "random") {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    std::uniform_int_distribution<int> small(0, 9), bit(0, 1);
    for (int64_t i = 0; i < count; ++i)
      storeNumber(tensor, i,
                  (dtype == DLC_DTYPE_F32 || dtype == DLC_DTYPE_F64 ||
                   dtype == DLC_DTYPE_F16 || dtype == DLC_DTYPE_BF16)
                      ? uniform(rng)
                  : dtype == DLC_DTYPE_BOOL ? bit(rng)
                                            : small(rng));
    return tensor;
  }
  llvm::SmallVector<llvm::StringRef> values;
  valuesText.split(values, ',');
  if (static_cast<int64_t>(values.size()) != count)
    return specError(spec, "shape " + shapeToString(shape) + " needs " +
                               llvm::Twine(count) + " values, got " +
                               llvm::Twine(values.size()));
  for (auto [i, text] : llvm::enumerate(values)) {
    double value;
    if (text.trim().getAsDouble(value))
      return specError(spec, "'" + text + "' is not a number");
    storeNumber(tensor, i, value);
  }
  return tensor;
}
