//===- ArtifactMetadataFuzzer.cpp - libFuzzer target: metadata text -------===//
//
// Bytes -> parseArtifactMetadata: the text an artifact's `.dlc_metadata`
// section holds. Any input must parse or fail with a message.
//
//===----------------------------------------------------------------------===//

#include "ArtifactMetadata.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  dlc::runtime::ArtifactMetadata metadata;
  std::string error;
  if (!dlc::runtime::parseArtifactMetadata(text, metadata, error) &&
      error.empty())
    std::abort(); // a failure must say why
  return 0;
}
