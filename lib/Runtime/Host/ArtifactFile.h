//===- ArtifactFile.h - check an artifact file before trusting it -*- C++
//-*-===//
//
// Reads an artifact from disk without loading it: the checksum trailer, the
// ELF structure the dynamic loader will rely on and the metadata section,
// each bounds-checked (dlc_artifact_abi.h describes the format).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_RUNTIME_HOST_ARTIFACTFILE_H
#define DLC_LIB_RUNTIME_HOST_ARTIFACTFILE_H

#include "ArtifactMetadata.h"

#include <string>

namespace dlc::runtime {

enum class ArtifactUse {
  Inspect, ///< any host may read it
  Load,    ///< it must be native code for this host
};

/// Checks the artifact at `path` and parses its metadata into `out`. On
/// failure returns the status for dlc_model_load/open and sets `error` (a
/// message naming `path`).
dlc_status readArtifactFile(const std::string &path, ArtifactUse use,
                            ArtifactMetadata &out, std::string &error);

/// The checks of readArtifactFile on an artifact's bytes in memory: the
/// trailer and checksum, the ELF structure and the metadata. Returns false
/// and sets `error` (without a file name) on failure.
bool checkArtifactBytes(const unsigned char *data, uint64_t size,
                        ArtifactUse use, ArtifactMetadata &out,
                        std::string &error);

} // namespace dlc::runtime

#endif // DLC_LIB_RUNTIME_HOST_ARTIFACTFILE_H
