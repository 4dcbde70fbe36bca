//===- HostTensor.h - tensors the dlc tool reads and writes -----*- C++ -*-===//

#ifndef DLC_TOOLS_DLC_HOSTTENSOR_H
#define DLC_TOOLS_DLC_HOSTTENSOR_H

#include "dlc-rt/dlc_runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlc::tool {

/// A dense row-major tensor in host memory.
struct HostTensor {
  dlc_dtype dtype = DLC_DTYPE_F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;

  int64_t numElements() const;
  /// A view for the runtime API.
  dlc_tensor view();
};

/// IEEE binary16 <-> binary32, round to nearest even.
uint16_t floatToHalf(float value);
float halfToFloat(uint16_t bits);
/// binary32 <-> bfloat16, round to nearest even (NaN stays NaN).
uint16_t floatToBFloat16(float value);
float bfloat16ToFloat(uint16_t bits);
/// A copy of an f32 tensor as bf16 (.npy has no bfloat16 type).
HostTensor toBFloat16(const HostTensor &tensor);

/// The bytes of a tensor of `shape` and `dtype`, or nullopt if a dim is
/// negative or the size exceeds 2^62 (sizes read from files).
std::optional<uint64_t> byteSize(const std::vector<int64_t> &shape,
                                 dlc_dtype dtype);

/// Allocates a zeroed tensor with the given signature.
HostTensor allocateTensor(dlc_dtype dtype, std::vector<int64_t> shape);

/// `2x3x4` (or `scalar`).
std::string shapeToString(const std::vector<int64_t> &shape);

/// Reads a .npy file (little-endian, C order; f32, f64, f16, signed and
/// unsigned integers, bool).
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);
/// Parses .npy bytes; `path` names them in errors.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef data, llvm::StringRef path);
/// Writes a .npy file (format 1.0); bf16 tensors as float32, exactly.
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);

/// Reads an ONNX TensorProto file (the backend tests' input_0.pb).
llvm::Expected<HostTensor> readTensorProto(llvm::StringRef path);
/// Parses TensorProto bytes; `path` names them in errors.
llvm::Expected<HostTensor> parseTensorProto(llvm::StringRef data,
                                            llvm::StringRef path);

/// Parses an `--input` value: `@file.npy`, `@file.pb`, `2x3xf32=1,2,3,4,5,6`,
/// or `1x3x224x224xf32=random`. Random values come from `seed`.
llvm::Expected<HostTensor> parseTensorSpec(llvm::StringRef spec, uint64_t seed);

/// Prints a tensor numpy-style, summarizing (edge items only) when large.
void printTensor(llvm::raw_ostream &os, const HostTensor &tensor);

} // namespace dlc::tool

#endif // DLC_TOOLS_DLC_HOSTTENSOR_H
