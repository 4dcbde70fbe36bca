//===- ArtifactMetadata.h - artifact signature text format ------*- C++ -*-===//
//
// An artifact carries its signature as text in `dlc_artifact_metadata`
// (format: include/dlc-rt/dlc_artifact_abi.h):
//
//   dlc-artifact <format version>
//   target <device list>
//   device-arch <architecture of device images>     (CUDA artifacts only)
//   cpu-target <target description>                  (optional)
//   memory <weight bytes> <workspace bytes>           (optional)
//   input <dtype> <rank> <dim>... <name>
//   output <dtype> <rank> <dim>... <name>
//   kernel <flops> <bytes> <name> [<nodes>]           (profiled kernel calls)
//
// The compiler writes it (lib/Target/CPU) and the runtime parses it here.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_RUNTIME_HOST_ARTIFACTMETADATA_H
#define DLC_LIB_RUNTIME_HOST_ARTIFACTMETADATA_H

#include "dlc-rt/dlc_runtime.h"

#include <string>
#include <vector>

namespace dlc::runtime {

struct TensorSignature {
  std::string name;
  dlc_dtype dtype;
  std::vector<int64_t> shape;
};

/// A kernel call the profiler times (dlc-instrument-kernels).
struct KernelInfo {
  std::string name;
  /// The model's nodes fused into it, comma-separated; may be empty.
  std::string nodes;
  /// Floating-point operations and bytes moved per call; 0: not counted.
  int64_t flops = 0;
  int64_t bytes = 0;
};

struct ArtifactMetadata {
  int formatVersion = 0;
  std::string target;
  std::string deviceArch; ///< e.g. sm_90; empty for CPU artifacts
  /// The CPU target description of the host code (`cpu=znver5 isa=512
  /// full-rate=512 ...`); empty in artifacts from before it was recorded.
  std::string cpuTarget;
  /// Bytes of the constants and planned peak of intermediate buffers; -1
  /// when the artifact does not record them (CUDA, older compilers).
  int64_t weightBytes = -1;
  int64_t workspaceBytes = -1;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
  /// The kernel calls the profiler times, by id.
  std::vector<KernelInfo> kernels;
};

/// Parses metadata text; on failure returns false and sets `error`.
bool parseArtifactMetadata(const std::string &text, ArtifactMetadata &out,
                           std::string &error);

/// Parses a dtype name ("f32", "i64", "u8", "bf16", "bool", ...).
bool parseDtype(const std::string &name, dlc_dtype &out);

} // namespace dlc::runtime

#endif // DLC_LIB_RUNTIME_HOST_ARTIFACTMETADATA_H
