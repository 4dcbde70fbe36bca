//===- NodeContext.cpp - helpers ONNX node handlers share -----------------===//

#include "NodeImporter.h"

#include "mlir/IR/Matchers.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace dlc::onnx_import;

Type dlc::onnx_import::convertElementType(int32_t onnxType, MLIRContext *ctx) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(ctx);
  case onnx::TensorProto::INT64:
    return IntegerType::get(ctx, 64);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32);
  case onnx::TensorProto::INT8:
    return IntegerType::get(ctx, 8);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(ctx, 1);
  case onnx::TensorProto::DOUBLE:
    return Float64Type::get(ctx);
  case onnx::TensorProto::FLOAT16:
    return Float16Type::get(ctx);
  case onnx::TensorProto::BFLOAT16:
    return BFloat16Type::get(ctx);
  case onnx::TensorProto::INT16:
    return IntegerType::get(ctx, 16);
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::UINT16:
    return IntegerType::get(ctx, 16, IntegerType::Unsigned);
  case onnx::TensorProto::UINT32:
    return IntegerType::get(ctx, 32, IntegerType::Unsigned);
  case onnx::TensorProto::UINT64:
    return IntegerType::get(ctx, 64, IntegerType::Unsigned);
  default:
    return nullptr;
  }
}

std::optional<int64_t>
dlc::onnx_import::checkedNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || (dim != 0 && count > kMaxTensorElements / dim))
      return std::nullopt;
    count *= dim;
  }
  return count;
}

std::string dlc::onnx_import::shapeText(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

std::string dlc::onnx_import::elementTypeName(int32_t onnxType) {
  if (onnx::TensorProto::DataType_IsValid(onnxType))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(onnxType));
  return "type " + std::to_string(onnxType);
}

/// Raw little-endian bytes of a tensor, from raw_data, typed fields or an
/// external file.
static FailureOr<std::string> tensorBytes(const onnx::TensorProto &tensor,
                                          size_t elementSize, int64_t count,
                                          StringRef baseDir, Location loc) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    uint64_t offset = 0;
    int64_t need = int64_t(elementSize) * count;
    uint64_t length = need;
    auto bad = [&](const Twine &what) {
      return emitError(loc, "external data of tensor '")
             << tensor.name() << "': " << what;
    };
    for (const auto &entry : tensor.external_data()) {
      StringRef value = entry.value();
      if (entry.key() == "location")
        location = entry.value();
      else if (entry.key() == "offset" && value.getAsInteger(10, offset))
        return bad("offset '" + value + "' is not a byte offset");
      else if (entry.key() == "length" && value.getAsInteger(10, length))
        return bad("length '" + value + "' is not a byte count");
    }
    if (baseDir.empty())
      return bad("the model was read from memory, so there is no directory "
                 "to read '" +
                 location + "' from (import it from its file)");
    // Confined to the model's directory: a model file must not make the
    // compiler read /etc/passwd or a device.
    StringRef relative(location);
    if (relative.empty() || llvm::sys::path::is_absolute(relative) ||
        llvm::any_of(llvm::make_range(llvm::sys::path::begin(relative),
                                      llvm::sys::path::end(relative)),
                     [](StringRef part) { return part == ".."; }))
      return bad("location '" + location +
                 "' must be a relative path inside the model's directory");
    SmallString<256> path(baseDir);
    llvm::sys::path::append(path, location);
    llvm::sys::fs::file_status status;
    if (std::error_code error = llvm::sys::fs::status(path, status))
      return bad("cannot read '" + path + "': " + error.message());
    if (status.type() != llvm::sys::fs::file_type::regular_file)
      return bad("'" + path + "' is not a regular file");
    if (length != uint64_t(need))
      return bad("length " + Twine(length) +
                 " does not match its shape and "
                 "type (" +
                 Twine(need) + " bytes)");
    if (offset > status.getSize() || length > status.getSize() - offset)
      return bad("bytes " + Twine(offset) + ".." + Twine(offset + length) +
                 " lie outside '" + path + "' (" + Twine(status.getSize()) +
                 " bytes)");
    auto file = llvm::MemoryBuffer::getFileSlice(path, length, offset,
                                                 /*IsVolatile=*/false);
    if (!file)
      return bad("cannot read '" + path + "': " + file.getError().message());
    return (*file)->getBuffer().str();
  }
  if (tensor.has_raw_data())
    return tensor.raw_data();
  std::string bytes;
  auto append = [&](const auto &field, auto narrow) {
    for (auto v : field) {
      auto value = narrow(v);
      bytes.append(reinterpret_cast<const char *>(&value), sizeof(value));
    }
  };
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    append(tensor.float_data(), [](float v) { return v; });
    break;
  case onnx::TensorProto::INT64:
    append(tensor.int64_data(), [](int64_t v) { return v; });
    break;
  case onnx::TensorProto::INT32:
    append(tensor.int32_data(), [](int32_t v) { return v; });
    break;
  case onnx::TensorProto::INT8:
    append(tensor.int32_data(), [](int32_t v) { return int8_t(v); });
    break;
  case onnx::TensorProto::BOOL:
    append(tensor.int32_data(), [](int32_t v) { return uint8_t(v != 0); });
    break;
  case onnx::TensorProto::DOUBLE:
    append(tensor.double_data(), [](double v) { return v; });
    break;
  case onnx::TensorProto::FLOAT16:  // binary16 bit patterns
  case onnx::TensorProto::BFLOAT16: // bfloat16 bit patterns
  case onnx::TensorProto::UINT16:
    append(tensor.int32_data(), [](int32_t v) { return uint16_t(v); });
    break;
  case onnx::TensorProto::INT16:
    append(tensor.int32_data(), [](int32_t v) { return int16_t(v); });
    break;
  case onnx::TensorProto::UINT8:
    append(tensor.int32_data(), [](int32_t v) { return uint8_t(v); });
    break;
  case onnx::TensorProto::UINT32:
    append(tensor.uint64_data(), [](uint64_t v) { return uint32_t(v); });
    break;
  case onnx::TensorProto::UINT64:
    append(tensor.uint64_data(), [](uint64_t v) { return v; });
    break;
  default:
    break;
  }
  return bytes;
}

FailureOr<DenseElementsAttr>
dlc::onnx_import::convertTensor(const onnx::TensorProto &tensor,
                                StringRef baseDir, Location loc) {
  MLIRContext *ctx = loc.getContext();
  Type elementType = convertElementType(tensor.data_type(), ctx);
  if (!elementType)
    return emitError(loc, "tensor '") << tensor.name() << "' has element type "
                                      << elementTypeName(tensor.data_type())
                                      << ", which dlc does not support";
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  // Dims come from the file: checked before any size is computed from them.
  if (llvm::any_of(shape, [](int64_t dim) { return dim < 0; }))
    return emitError(loc, "tensor '")
           << tensor.name() << "' has a negative dim";
  std::optional<int64_t> checkedCount = checkedNumElements(shape);
  if (!checkedCount)
    return emitError(loc, "tensor '")
           << tensor.name() << "' is too large (shape " << shapeText(shape)
           << ", over 2^40 elements)";
  int64_t count = *checkedCount;
  auto type = RankedTensorType::get(shape, elementType);
  size_t elementSize =
      elementType.isInteger(1) ? 1 : elementType.getIntOrFloatBitWidth() / 8;
  // Raw little-endian data (what exporters write) is copied once, straight
  // into the attribute.
  if (tensor.has_raw_data() && !elementType.isInteger(1) &&
      tensor.data_location() != onnx::TensorProto::EXTERNAL &&
      tensor.raw_data().size() == elementSize * count)
    return DenseElementsAttr::getFromRawBuffer(
        type,
        ArrayRef<char>(tensor.raw_data().data(), tensor.raw_data().size()));
  auto bytes = tensorBytes(tensor, elementSize, count, baseDir, loc);
  if (failed(bytes))
    return failure();
  if (bytes->size() != elementSize * count)
    return emitError(loc, "tensor '")
           << tensor.name() << "' holds " << bytes->size()
           << " bytes but its shape and type need " << elementSize * count;
  if (elementType.isInteger(1)) {
    SmallVector<bool> bits;
    for (char c : *bytes)
      bits.push_back(c != 0);
    return DenseElementsAttr::get(type, bits);
  }
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(bytes->data(), bytes->size()));
}

Value NodeContext::input(int i) {
  if (!hasInput(i)) {
    emitError() << "input #" << i << " is missing";
    return nullptr;
  }
  auto it = values.find(node.input(i));
  if (it == values.end()) {
    emitError() << "input '" << node.input(i) << "' is not defined";
    return nullptr;
  }
  return it->second;
}

FailureOr<DenseElementsAttr> NodeContext::constantInput(int i) {
  Value value = input(i);
  if (!value)
    return failure();
  DenseElementsAttr attr;
  if (isa<BlockArgument>(value))
    return emitError() << "input #" << i << " ('" << node.input(i)
                       << "') must be a constant: it is a graph input, whose "
                          "values dlc needs at compile time to know shapes; "
                          "freeze it with --freeze-input="
                       << node.input(i) << "=@FILE.pb";
  if (!matchPattern(value, m_Constant(&attr)))
    return emitError() << "input #" << i << " ('" << node.input(i)
                       << "') must be a constant: dlc needs it at compile "
                          "time to know shapes";
  return attr;
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(int i) {
  auto attr = constantInput(i);
  if (failed(attr))
    return failure();
  if (!isa<IntegerType>(attr->getElementType()))
    return emitError() << "input #" << i << " must hold integers";
  SmallVector<int64_t> result;
  for (const APInt &v : attr->getValues<APInt>())
    result.push_back(v.getSExtValue());
  return result;
}

const onnx::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

bool NodeContext::hasAttr(StringRef name) const { return attr(name); }

int64_t NodeContext::intAttr(StringRef name, int64_t defaultValue) const {
  const auto *a = attr(name);
  return a ? a->i() : defaultValue;
}

FailureOr<int64_t> NodeContext::checkedAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return emitError() << "axis " << axis << " is out of range for rank "
                       << rank;
  return normalizeAxis(axis, rank);
}

FailureOr<int64_t> NodeContext::axisAttr(StringRef name, int64_t defaultValue,
                                         int64_t rank) {
  return checkedAxis(intAttr(name, defaultValue), rank);
}

float NodeContext::floatAttr(StringRef name, float defaultValue) const {
  const auto *a = attr(name);
  return a ? a->f() : defaultValue;
}

std::string NodeContext::stringAttr(StringRef name,
                                    StringRef defaultValue) const {
  const auto *a = attr(name);
  return a ? a->s() : defaultValue.str();
}

SmallVector<int64_t> NodeContext::intsAttr(StringRef name) const {
  const auto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

void NodeContext::setResult(int i, Value value) {
  if (i >= node.output_size() || node.output(i).empty())
    return;
  if (!value)
    buildFailed = true;
  else
    values[node.output(i)] = value;
}

Value NodeContext::constant(DenseElementsAttr value) {
  return graph::ConstantOp::create(builder, loc, value);
}

Value NodeContext::scalar(float value, Type elementType, int64_t rank) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1), elementType);
  Attribute element =
      isa<FloatType>(elementType)
          ? Attribute(builder.getFloatAttr(elementType, value))
          : Attribute(builder.getIntegerAttr(elementType, int64_t(value)));
  return constant(DenseElementsAttr::get(type, element));
}

LogicalResult NodeContext::checkBuiltConstant(ArrayRef<int64_t> shape,
                                              StringRef what) {
  std::optional<int64_t> count = checkedNumElements(shape);
  if (count && *count <= kMaxBuiltConstantElements)
    return success();
  return emitError() << what << " would need a constant of " << shapeText(shape)
                     << " elements, built while compiling; dlc builds up to "
                        "2^24";
}

FailureOr<Value> NodeContext::gatherAlong(Value value, int64_t axis,
                                          ArrayRef<int64_t> indices) {
  auto type =
      RankedTensorType::get({int64_t(indices.size())}, builder.getI64Type());
  return create<graph::GatherOp>(
      {value, constant(DenseElementsAttr::get(type, indices))},
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))});
}

Value NodeContext::reshape(Value value, ArrayRef<int64_t> shape) {
  if (!value)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  return graph::ReshapeOp::create(builder, loc, type.clone(shape), value);
}
