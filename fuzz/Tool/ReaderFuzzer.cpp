//===- ReaderFuzzer.cpp - libFuzzer target: the dlc tool's input readers --===//
//
// Bytes -> DLC_FUZZ_READER (parseNpy or parseTensorProto: what
// `dlc run --input=@FILE` reads): any input is a tensor whose byte size
// matches its shape, or an error with a message.
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto tensor = dlc::tool::DLC_FUZZ_READER(bytes, "input");
  if (!tensor) {
    if (llvm::toString(tensor.takeError()).empty())
      std::abort(); // a rejection must say why
    return 0;
  }
  if (tensor->bytes.size() !=
      size_t(tensor->numElements()) * dlc_dtype_size(tensor->dtype))
    std::abort(); // the payload must match the signature
  return 0;
}
