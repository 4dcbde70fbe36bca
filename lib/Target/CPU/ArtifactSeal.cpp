//===- ArtifactSeal.cpp - the checksum trailer of a linked artifact -------===//

#include "dlc/Target/CPU/Artifact.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;

LogicalResult dlc::sealArtifact(StringRef path, Location loc) {
  auto image = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!image)
    return emitError(loc, "cannot read the linked artifact '")
           << path << "': " << image.getError().message();
  dlc_artifact_trailer trailer;
  std::memcpy(trailer.magic, DLC_ARTIFACT_TRAILER_MAGIC, sizeof(trailer.magic));
  trailer.covered_bytes = (*image)->getBufferSize();
  trailer.checksum = dlc_artifact_checksum((*image)->getBufferStart(),
                                           (*image)->getBufferSize());
  trailer.reserved = 0;
  image->reset();

  std::error_code error;
  llvm::raw_fd_ostream os(path, error, llvm::sys::fs::OF_Append);
  if (!error) {
    os.write(reinterpret_cast<const char *>(&trailer), sizeof(trailer));
    os.close();
    error = os.error();
  }
  if (error)
    return emitError(loc, "cannot write the artifact's checksum to '")
           << path << "': " << error.message();
  return success();
}
