//===- TensorProto.cpp - read ONNX TensorProto files (`--input=@x.pb`) ----===//

#include "HostTensor.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstring>
#include <onnx/onnx_pb.h>

using namespace dlc::tool;

llvm::Expected<HostTensor> dlc::tool::readTensorProto(llvm::StringRef path) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": " + why);
  };
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return fail("cannot read: " + buffer.getError().message());
  return parseTensorProto((*buffer)->getBuffer(), path);
}

llvm::Expected<HostTensor> dlc::tool::parseTensorProto(llvm::StringRef data,
                                                       llvm::StringRef path) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": " + why);
  };
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(data.data(), static_cast<int>(data.size())))
    return fail("not an ONNX TensorProto file");
  HostTensor tensor;
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    tensor.dtype = DLC_DTYPE_F32;
    break;
  case onnx::TensorProto::INT64:
    tensor.dtype = DLC_DTYPE_I64;
    break;
  case onnx::TensorProto::INT32:
    tensor.dtype = DLC_DTYPE_I32;
    break;
  case onnx::TensorProto::INT8:
    tensor.dtype = DLC_DTYPE_I8;
    break;
  case onnx::TensorProto::BOOL:
    tensor.dtype = DLC_DTYPE_BOOL;
    break;
  case onnx::TensorProto::DOUBLE:
    tensor.dtype = DLC_DTYPE_F64;
    break;
  case onnx::TensorProto::FLOAT16:
    tensor.dtype = DLC_DTYPE_F16;
    break;
  case onnx::TensorProto::BFLOAT16:
    tensor.dtype = DLC_DTYPE_BF16;
    break;
  case onnx::TensorProto::INT16:
    tensor.dtype = DLC_DTYPE_I16;
    break;
  case onnx::TensorProto::UINT8:
    tensor.dtype = DLC_DTYPE_U8;
    break;
  case onnx::TensorProto::UINT16:
    tensor.dtype = DLC_DTYPE_U16;
    break;
  case onnx::TensorProto::UINT32:
    tensor.dtype = DLC_DTYPE_U32;
    break;
  case onnx::TensorProto::UINT64:
    tensor.dtype = DLC_DTYPE_U64;
    break;
  default:
    return fail("unsupported element type " + llvm::Twine(proto.data_type()) +
                " (dlc reads FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT64, INT32, "
                "INT16, INT8, UINT64, UINT32, UINT16, UINT8, BOOL)");
  }
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  std::optional<uint64_t> checkedBytes = byteSize(tensor.shape, tensor.dtype);
  if (!checkedBytes)
    return fail("shape " + shapeToString(tensor.shape) +
                " has a negative dim or over 2^62 bytes");
  size_t bytes = *checkedBytes;
  if (proto.has_raw_data()) {
    if (proto.raw_data().size() != bytes)
      return fail("holds " + llvm::Twine(proto.raw_data().size()) +
                  " bytes but its shape needs " + llvm::Twine(bytes));
    tensor.bytes.assign(proto.raw_data().begin(), proto.raw_data().end());
    return tensor;
  }
  auto copy = [&](const auto &field, auto convert) -> llvm::Error {
    if (static_cast<int64_t>(field.size()) != tensor.numElements())
      return fail("holds " + llvm::Twine(field.size()) +
                  " values but its shape needs " +
                  llvm::Twine(tensor.numElements()));
    tensor.bytes.resize(bytes);
    size_t size = dlc_dtype_size(tensor.dtype);
    for (int i = 0; i < field.size(); ++i) {
      auto value = convert(field.Get(i));
      std::memcpy(tensor.bytes.data() + i * size, &value, size);
    }
    return llvm::Error::success();
  };
  llvm::Error error = llvm::Error::success();
  switch (tensor.dtype) {
  case DLC_DTYPE_F32:
    error = copy(proto.float_data(), [](float v) { return v; });
    break;
  case DLC_DTYPE_I64:
    error = copy(proto.int64_data(), [](int64_t v) { return v; });
    break;
  case DLC_DTYPE_I32:
    error = copy(proto.int32_data(), [](int32_t v) { return v; });
    break;
  case DLC_DTYPE_I8:
    error = copy(proto.int32_data(), [](int32_t v) { return int8_t(v); });
    break;
  case DLC_DTYPE_BOOL:
    error = copy(proto.int32_data(), [](int32_t v) { return uint8_t(v != 0); });
    break;
  case DLC_DTYPE_F64:
    error = copy(proto.double_data(), [](double v) { return v; });
    break;
  case DLC_DTYPE_F16:  // binary16 bit patterns in int32_data
  case DLC_DTYPE_BF16: // likewise bfloat16
  case DLC_DTYPE_U16:
    error = copy(proto.int32_data(), [](int32_t v) { return uint16_t(v); });
    break;
  case DLC_DTYPE_I16:
    error = copy(proto.int32_data(), [](int32_t v) { return int16_t(v); });
    break;
  case DLC_DTYPE_U8:
    error = copy(proto.int32_data(), [](int32_t v) { return uint8_t(v); });
    break;
  case DLC_DTYPE_U32:
    error = copy(proto.uint64_data(), [](uint64_t v) { return uint32_t(v); });
    break;
  case DLC_DTYPE_U64:
    error = copy(proto.uint64_data(), [](uint64_t v) { return v; });
    break;
  }
  if (error)
    return std::move(error);
  return tensor;
}
