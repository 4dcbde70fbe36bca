//===- ArtifactFileFuzzer.cpp - libFuzzer target: artifact bytes ----------===//
//
// Bytes -> a checksum trailer appended (so mutations reach the ELF and
// metadata checks instead of stopping at the checksum) -> the runtime's
// pre-dlopen checks, for inspection and for loading.
//
//===----------------------------------------------------------------------===//

#include "ArtifactFile.h"
#include "dlc-rt/dlc_artifact_abi.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dlc_artifact_trailer trailer = {};
  std::memcpy(trailer.magic, DLC_ARTIFACT_TRAILER_MAGIC, sizeof(trailer.magic));
  trailer.covered_bytes = size;
  trailer.checksum = dlc_artifact_checksum(data, size);
  std::vector<unsigned char> sealed(data, data + size);
  const auto *bytes = reinterpret_cast<const unsigned char *>(&trailer);
  sealed.insert(sealed.end(), bytes, bytes + sizeof(trailer));
  for (auto use :
       {dlc::runtime::ArtifactUse::Inspect, dlc::runtime::ArtifactUse::Load}) {
    dlc::runtime::ArtifactMetadata metadata;
    std::string error;
    if (!dlc::runtime::checkArtifactBytes(sealed.data(), sealed.size(), use,
                                          metadata, error) &&
        error.empty())
      std::abort(); // a rejection must say why
  }
  return 0;
}
