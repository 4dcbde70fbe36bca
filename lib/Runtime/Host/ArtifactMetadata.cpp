//===- ArtifactMetadata.cpp - parse an artifact's signature ---------------===//

#include "ArtifactMetadata.h"

#include "dlc-rt/dlc_artifact_abi.h"

#include <sstream>

using namespace dlc::runtime;

bool dlc::runtime::parseDtype(const std::string &name, dlc_dtype &out) {
  static const struct {
    const char *name;
    dlc_dtype dtype;
  } table[] = {
#define DLC_DTYPE_ENTRY(value, name, bytes) {name, value},
      DLC_ARTIFACT_DTYPES(DLC_DTYPE_ENTRY)
#undef DLC_DTYPE_ENTRY
  };
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
    } else if (key == "memory") {
      int64_t weights = -1, workspace = -1;
      fields >> weights >> workspace;
      if (!fields || weights < 0 || workspace < 0) {
        error =
            "bad memory footprint on metadata line " + std::to_string(lineNo);
        return false;
      }
      out.weightBytes = weights;
      out.workspaceBytes = workspace;
    } else if (key == "kernel") {
      KernelInfo kernel;
      fields >> kernel.flops >> kernel.bytes >> kernel.name;
      if (!fields || kernel.flops < 0 || kernel.bytes < 0) {
        error = "bad kernel on metadata line " + std::to_string(lineNo);
        return false;
      }
      std::getline(fields >> std::ws, kernel.nodes);
      out.kernels.push_back(std::move(kernel));
    } else if (key == "input" || key == "output") {
      TensorSignature sig;
      std::string dtype;
      int rank = -1;
      fields >> dtype >> rank;
      auto bad = [&](const std::string &what) {
        error = what + " on metadata line " + std::to_string(lineNo);
        return false;
      };
      if (!parseDtype(dtype, sig.dtype))
        return bad("unknown dtype '" + dtype + "'");
      if (!fields || rank < 0 || rank > DLC_ARTIFACT_MAX_RANK)
        return bad("bad rank");
      // Byte sizes must fit in size_t with room to spare: at most 2^62.
      uint64_t bytes = dlc_dtype_size(sig.dtype);
      for (int i = 0; i < rank; ++i) {
        int64_t dim = -1;
        fields >> dim;
        if (!fields || dim < 0)
          return bad("bad dim");
        if (dim != 0 && bytes > (uint64_t(1) << 62) / uint64_t(dim))
          return bad("tensor too large");
        bytes *= uint64_t(dim);
        sig.shape.push_back(dim);
      }
      std::getline(fields >> std::ws, sig.name);
      if (sig.name.empty())
        return bad("missing tensor name");
      (key == "input" ? out.inputs : out.outputs).push_back(std::move(sig));
    }
  }
  if (out.formatVersion == 0) {
    error = "missing 'dlc-artifact' header";
    return false;
  }
  if (out.target.empty()) {
    error = "missing 'target' line";
    return false;
  }
  return true;
}
