//===- Npy.cpp - read and write numpy .npy files --------------------------===//

#include "HostTensor.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"

#include <cstring>

using namespace dlc::tool;

uint16_t dlc::tool::floatToHalf(float value) {
  uint32_t x;
  std::memcpy(&x, &value, 4);
  uint32_t sign = (x >> 16) & 0x8000, exponent = (x >> 23) & 0xff,
           mantissa = x & 0x7fffff;
  if (exponent == 0xff) // inf / nan
    return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  int32_t e = int32_t(exponent) - 127 + 15;
  if (e >= 0x1f)
    return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10)
      return sign;
    mantissa |= 0x800000;
    uint32_t shift = 14 - e;
    uint32_t half = mantissa >> shift, rest = mantissa & ((1u << shift) - 1);
    uint32_t midpoint = 1u << (shift - 1);
    if (rest > midpoint || (rest == midpoint && (half & 1)))
      ++half;
    return sign | half;
  }
  uint32_t half = (uint32_t(e) << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half; // may carry into the exponent, which is still correct
  return sign | half;
}

float dlc::tool::halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000) << 16, exponent = (bits >> 10) & 0x1f,
           mantissa = bits & 0x3ff, x;
  if (exponent == 0x1f) {
    x = sign | 0x7f800000 | (mantissa << 13);
  } else if (exponent != 0) {
    x = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    x = sign;
  } else { // subnormal: normalize
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    x = sign | (uint32_t(113 - shift) << 23) | ((mantissa & 0x3ff) << 13);
  }
  float value;
  std::memcpy(&value, &x, 4);
  return value;
}

uint16_t dlc::tool::floatToBFloat16(float value) {
  uint32_t x;
  std::memcpy(&x, &value, 4);
  if ((x & 0x7fffffff) > 0x7f800000) // NaN: keep it quiet, not infinite
    return uint16_t((x >> 16) | 0x40);
  uint32_t roundingBias = 0x7fff + ((x >> 16) & 1);
  return uint16_t((x + roundingBias) >> 16);
}

float dlc::tool::bfloat16ToFloat(uint16_t bits) {
  uint32_t x = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &x, 4);
  return value;
}

/// `tensor`'s elements of type From, converted to `dtype`'s To by `convert`.
template <typename From, typename To, typename Convert>
static HostTensor convertElements(const HostTensor &tensor, dlc_dtype dtype,
                                  Convert convert) {
  HostTensor result = allocateTensor(dtype, tensor.shape);
  for (int64_t i = 0, e = tensor.numElements(); i < e; ++i) {
    From value;
    std::memcpy(&value, tensor.bytes.data() + sizeof(From) * i, sizeof(From));
    To converted = convert(value);
    std::memcpy(result.bytes.data() + sizeof(To) * i, &converted, sizeof(To));
  }
  return result;
}

HostTensor dlc::tool::toBFloat16(const HostTensor &tensor) {
  return convertElements<float, uint16_t>(tensor, DLC_DTYPE_BF16,
                                          floatToBFloat16);
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::optional<uint64_t> dlc::tool::byteSize(const std::vector<int64_t> &shape,
                                            dlc_dtype dtype) {
  uint64_t limit = uint64_t(1) << 62, bytes = dlc_dtype_size(dtype);
  for (int64_t dim : shape) {
    if (dim < 0 || (dim != 0 && bytes > limit / uint64_t(dim)))
      return std::nullopt;
    bytes *= uint64_t(dim);
  }
  return bytes;
}

dlc_tensor HostTensor::view() {
  return {dtype, static_cast<int32_t>(shape.size()), shape.data(),
          bytes.data()};
}

HostTensor dlc::tool::allocateTensor(dlc_dtype dtype,
                                     std::vector<int64_t> shape) {
  HostTensor tensor;
  tensor.dtype = dtype;
  tensor.shape = std::move(shape);
  tensor.bytes.assign(tensor.numElements() * dlc_dtype_size(dtype), 0);
  return tensor;
}

std::string dlc::tool::shapeToString(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

namespace {
struct NpyDtype {
  const char *descr;
  dlc_dtype dtype;
};
const NpyDtype kNpyDtypes[] = {
    {"<f4", DLC_DTYPE_F32}, {"<i8", DLC_DTYPE_I64},  {"<i4", DLC_DTYPE_I32},
    {"|i1", DLC_DTYPE_I8},  {"|b1", DLC_DTYPE_BOOL}, {"<f8", DLC_DTYPE_F64},
    {"<f2", DLC_DTYPE_F16}, {"<i2", DLC_DTYPE_I16},  {"|u1", DLC_DTYPE_U8},
    {"<u2", DLC_DTYPE_U16}, {"<u4", DLC_DTYPE_U32},  {"<u8", DLC_DTYPE_U64}};

llvm::Error npyError(llvm::StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}
} // namespace

llvm::Expected<HostTensor> dlc::tool::readNpy(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

llvm::Expected<HostTensor> dlc::tool::parseNpy(llvm::StringRef data,
                                               llvm::StringRef path) {
  if (data.size() < 10 || !data.starts_with("\x93NUMPY"))
    return npyError(path, "not a .npy file (bad magic)");
  uint8_t major = data[6];
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = uint8_t(data[8]) | (uint8_t(data[9]) << 8);
    headerStart = 10;
  } else if ((major == 2 || major == 3) && data.size() >= 12) {
    headerLength = uint8_t(data[8]) | (uint8_t(data[9]) << 8) |
                   (uint8_t(data[10]) << 16) |
                   (size_t(uint8_t(data[11])) << 24);
    headerStart = 12;
  } else {
    return npyError(path, "unsupported .npy version " + llvm::Twine(major));
  }
  if (headerStart + headerLength > data.size())
    return npyError(path, "truncated .npy header");
  std::string header = data.substr(headerStart, headerLength).str();

  llvm::SmallVector<llvm::StringRef> match;
  llvm::Regex descrRe("'descr': *'([^']*)'");
  if (!descrRe.match(header, &match))
    return npyError(path, "malformed .npy header (no descr)");
  std::string descr = match[1].str();
  HostTensor tensor;
  bool known = false;
  for (const auto &entry : kNpyDtypes)
    if (descr == entry.descr) {
      tensor.dtype = entry.dtype;
      known = true;
    }
  if (!known)
    return npyError(path,
                    "unsupported dtype '" + descr +
                        "' (dlc reads <f4, <f8, <f2, <i8, <i4, <i2, |i1, <u8, "
                        "<u4, <u2, |u1, |b1)");
  if (header.find("'fortran_order': True") != std::string::npos)
    return npyError(path, "Fortran-ordered arrays are not supported");
  llvm::Regex shapeRe("'shape': *\\(([0-9, ]*)\\)");
  if (!shapeRe.match(header, &match))
    return npyError(path, "malformed .npy header (no shape)");
  llvm::SmallVector<llvm::StringRef> dims;
  match[1].split(dims, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef dim : dims) {
    dim = dim.trim();
    if (dim.empty())
      continue;
    int64_t value;
    if (dim.getAsInteger(10, value))
      return npyError(path, "malformed shape in .npy header");
    tensor.shape.push_back(value);
  }
  std::optional<uint64_t> checkedBytes = byteSize(tensor.shape, tensor.dtype);
  if (!checkedBytes)
    return npyError(path, "shape " + shapeToString(tensor.shape) +
                              " in its header is over 2^62 bytes");
  size_t expected = *checkedBytes;
  size_t payload = data.size() - headerStart - headerLength;
  if (payload != expected)
    return npyError(path, "holds " + llvm::Twine(payload) +
                              " data bytes but its header (" + descr + ", " +
                              shapeToString(tensor.shape) + ") needs " +
                              llvm::Twine(expected));
  const char *begin = data.data() + headerStart + headerLength;
  tensor.bytes.assign(begin, begin + payload);
  return tensor;
}

llvm::Error dlc::tool::writeNpy(llvm::StringRef path,
                                const HostTensor &tensor) {
  if (tensor.dtype == DLC_DTYPE_BF16)
    return writeNpy(path, convertElements<uint16_t, float>(
                              tensor, DLC_DTYPE_F32, bfloat16ToFloat));
  const char *descr = "<f4";
  for (const auto &entry : kNpyDtypes)
    if (entry.dtype == tensor.dtype)
      descr = entry.descr;
  std::string shape = "(";
  for (int64_t d : tensor.shape)
    shape += std::to_string(d) + ", ";
  if (tensor.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (tensor.shape.size() == 1)
    shape.resize(shape.size() - 1);
  shape += ")";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so the data starts on a 64-byte boundary, header ends in '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return npyError(path, "cannot write: " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char(header.size() >> 8) << header;
  os.write(reinterpret_cast<const char *>(tensor.bytes.data()),
           tensor.bytes.size());
  return llvm::Error::success();
}
