//===- ArtifactMetadata.cpp - parse an artifact's signature ---------------===//

#include "ArtifactMetadata.h"

#include <sstream>

using namespace dlc::runtime;

bool dlc::runtime::parseDtype(const std::string &name, dlc_dtype &out) {
  static const struct {
    const char *name;
    dlc_dtype dtype;
  } table[] = {
      {"f32", DLC_DTYPE_F32},  {"i64", DLC_DTYPE_I64},   {"i32", DLC_DTYPE_I32},
      {"i8", DLC_DTYPE_I8},    {"bool", DLC_DTYPE_BOOL}, {"f64", DLC_DTYPE_F64},
      {"f16", DLC_DTYPE_F16},  {"i16", DLC_DTYPE_I16},   {"u8", DLC_DTYPE_U8},
      {"u16", DLC_DTYPE_U16},  {"u32", DLC_DTYPE_U32},   {"u64", DLC_DTYPE_U64},
      {"bf16", DLC_DTYPE_BF16}};
  for (const auto &entry : table)
    if (name == entry.name) {
      out = entry.dtype;
      return true;
    }
  return false;
}

bool dlc::runtime::parseArtifactMetadata(const std::string &text,
                                         ArtifactMetadata &out,
                                         std::string &error) {
  std::istringstream lines(text);
  std::string line;
  int lineNo = 0;
  while (std::getline(lines, line)) {
    ++lineNo;
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key.empty())
      continue;
    if (key == "dlc-artifact") {
      fields >> out.formatVersion;
    } else if (key == "target") {
      fields >> out.target;
    } else if (key == "device-arch") {
      fields >> out.deviceArch;
    } else if (key == "cpu-target") {
      std::getline(fields >> std::ws, out.cpuTarget);
    } else if (key == "input" || key == "output") {
      TensorSignature sig;
      std::string dtype;
      int rank = -1;
      fields >> dtype >> rank;
      if (!parseDtype(dtype, sig.dtype) || rank < 0) {
        error = "bad tensor entry on metadata line " + std::to_string(lineNo);
        return false;
      }
      for (int i = 0; i < rank; ++i) {
        int64_t dim = -1;
        fields >> dim;
        sig.shape.push_back(dim);
      }
      std::getline(fields >> std::ws, sig.name);
      if (!fields && !fields.eof()) {
        error = "bad tensor entry on metadata line " + std::to_string(lineNo);
        return false;
      }
      (key == "input" ? out.inputs : out.outputs).push_back(std::move(sig));
    }
  }
  if (out.formatVersion == 0) {
    error = "missing 'dlc-artifact' header";
    return false;
  }
  return true;
}
