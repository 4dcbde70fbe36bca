//===- ArtifactFile.cpp - check an artifact file before trusting it -------===//

#include "ArtifactFile.h"

#include "dlc-rt/dlc_artifact_abi.h"

#include <cerrno>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlc::runtime;

namespace {

/// The file mapped read-only; unmapped and closed on destruction.
class MappedFile {
public:
  ~MappedFile() {
    if (data)
      munmap(const_cast<unsigned char *>(data), size);
    if (fd >= 0)
      close(fd);
  }
  /// Returns "" on success, else why the file cannot be read.
  std::string open(const std::string &path) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return std::string("cannot open artifact: ") + std::strerror(errno);
    struct stat info;
    if (fstat(fd, &info) != 0)
      return std::string("cannot open artifact: ") + std::strerror(errno);
    if (!S_ISREG(info.st_mode))
      return "not a regular file";
    size = static_cast<size_t>(info.st_size);
    if (size == 0)
      return "";
    void *mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED)
      return std::string("cannot read artifact: ") + std::strerror(errno);
    data = static_cast<const unsigned char *>(mapped);
    return "";
  }

  const unsigned char *data = nullptr;
  size_t size = 0;

private:
  int fd = -1;
};

/// [offset, offset + length) lies within [0, limit), without overflow.
bool inBounds(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

#if defined(__x86_64__)
constexpr uint16_t kHostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr uint16_t kHostMachine = EM_AARCH64;
#else
constexpr uint16_t kHostMachine = EM_NONE;
#endif

/// Checks the ELF image in [0, size) and finds the metadata section's text.
/// Returns "" and sets `text` on success.
std::string checkElf(const unsigned char *data, uint64_t size, ArtifactUse use,
                     std::string &text) {
  Elf64_Ehdr header;
  std::memcpy(&header, data, sizeof(header));
  if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB)
    return "not a 64-bit little-endian ELF file";
  if (header.e_type != ET_DYN)
    return "not a shared object (ELF type " + std::to_string(header.e_type) +
           ")";
  if (use == ArtifactUse::Load && header.e_machine != kHostMachine)
    return "native code for another architecture (ELF machine " +
           std::to_string(header.e_machine) +
           "); recompile the model on or for this host";

  if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum == 0 ||
      !inBounds(header.e_phoff, uint64_t(header.e_phnum) * sizeof(Elf64_Phdr),
                size))
    return "bad ELF program header table";
  for (uint16_t i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    std::memcpy(&segment, data + header.e_phoff + i * sizeof(Elf64_Phdr),
                sizeof(segment));
    if (segment.p_type == PT_LOAD &&
        (!inBounds(segment.p_offset, segment.p_filesz, size) ||
         segment.p_filesz > segment.p_memsz))
      return "ELF segment " + std::to_string(i) + " lies outside the file";
  }

  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 ||
      header.e_shstrndx >= header.e_shnum ||
      !inBounds(header.e_shoff, uint64_t(header.e_shnum) * sizeof(Elf64_Shdr),
                size))
    return "bad ELF section header table";
  auto sectionAt = [&](uint16_t index) {
    Elf64_Shdr section;
    std::memcpy(&section, data + header.e_shoff + index * sizeof(Elf64_Shdr),
                sizeof(section));
    return section;
  };
  Elf64_Shdr names = sectionAt(header.e_shstrndx);
  if (names.sh_type != SHT_STRTAB ||
      !inBounds(names.sh_offset, names.sh_size, size))
    return "bad ELF section name table";
  const char *nameTable =
      reinterpret_cast<const char *>(data) + names.sh_offset;
  const std::string wanted = DLC_ARTIFACT_METADATA_SECTION;
  for (uint16_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section = sectionAt(i);
    if (section.sh_name >= names.sh_size)
      return "bad ELF section name in section " + std::to_string(i);
    const char *name = nameTable + section.sh_name;
    size_t room = names.sh_size - section.sh_name;
    if (strnlen(name, room) != wanted.size() ||
        std::memcmp(name, wanted.data(), wanted.size()) != 0)
      continue;
    if (section.sh_type != SHT_PROGBITS ||
        !inBounds(section.sh_offset, section.sh_size, size))
      return "bad metadata section";
    const char *begin =
        reinterpret_cast<const char *>(data) + section.sh_offset;
    size_t length = strnlen(begin, section.sh_size);
    if (length == section.sh_size)
      return "unterminated metadata section";
    text.assign(begin, length);
    return "";
  }
  return "no " DLC_ARTIFACT_METADATA_SECTION " section: not a dlc artifact";
}

} // namespace

dlc_status dlc::runtime::readArtifactFile(const std::string &path,
                                          ArtifactUse use,
                                          ArtifactMetadata &out,
                                          std::string &error) {
  MappedFile file;
  if (std::string problem = file.open(path); !problem.empty()) {
    error = path + ": " + problem;
    return DLC_ERROR_IO;
  }
  std::string problem;
  if (!checkArtifactBytes(file.data, file.size, use, out, problem)) {
    error = path + ": " + problem;
    return DLC_ERROR_FORMAT;
  }
  return DLC_OK;
}

bool dlc::runtime::checkArtifactBytes(const unsigned char *data, uint64_t size,
                                      ArtifactUse use, ArtifactMetadata &out,
                                      std::string &error) {
  struct {
    const unsigned char *data;
    uint64_t size;
  } file{data, size};
  auto formatError = [&](const std::string &problem) {
    error = problem;
    return false;
  };
  if (file.size < 4 || std::memcmp(file.data, ELFMAG, SELFMAG) != 0)
    return formatError("not a dlc artifact (not an ELF shared object)");
  if (file.size < sizeof(Elf64_Ehdr) + sizeof(dlc_artifact_trailer))
    return formatError("truncated artifact (" + std::to_string(file.size) +
                       " bytes)");

  dlc_artifact_trailer trailer;
  std::memcpy(&trailer, file.data + file.size - sizeof(trailer),
              sizeof(trailer));
  if (std::memcmp(trailer.magic, DLC_ARTIFACT_TRAILER_MAGIC,
                  sizeof(trailer.magic)) != 0)
    return formatError(
        "no dlc checksum trailer: the file is truncated, or not an artifact "
        "of this version of dlc (format " +
        std::to_string(DLC_ARTIFACT_FORMAT_VERSION) +
        "); recompile the model with this version of dlc");
  if (trailer.reserved != 0)
    return formatError("damaged artifact: bad checksum trailer; recompile "
                       "the model");
  uint64_t covered = file.size - sizeof(trailer);
  if (trailer.covered_bytes != covered)
    return formatError("damaged artifact: its checksum covers " +
                       std::to_string(trailer.covered_bytes) +
                       " bytes but the file has " + std::to_string(covered) +
                       " before the trailer (truncated or extended); "
                       "recompile the model");
  if (dlc_artifact_checksum(file.data, covered) != trailer.checksum)
    return formatError("damaged artifact: checksum mismatch (the file was "
                       "modified after compilation); recompile the model");

  std::string text;
  if (std::string problem = checkElf(file.data, covered, use, text);
      !problem.empty())
    return formatError(problem);
  std::string parseError;
  if (!parseArtifactMetadata(text, out, parseError))
    return formatError("corrupt artifact metadata: " + parseError);
  return true;
}
