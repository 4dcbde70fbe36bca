/*===- dlc_artifact_abi.h - what compiler and runtime agree on ----*- C -*-===*
 *
 * The one definition of the artifact ABI, included by the compiler
 * (lib/Target, lib/Transforms) and the runtime (lib/Runtime). An artifact is
 * an ELF shared object:
 *
 *   - section DLC_ARTIFACT_METADATA_SECTION holds the metadata text, also
 *     exported as DLC_ARTIFACT_METADATA_SYMBOL, one line per fact:
 *       dlc-artifact <format version>
 *       target <cpu|cuda>
 *       device-arch <architecture of device images>   (CUDA only)
 *       cpu-target <target description>              (optional)
 *       memory <weight bytes> <workspace bytes>        (optional)
 *       input <dtype> <rank> <dim>... <name>
 *       output <dtype> <rank> <dim>... <name>
 *       kernel <flops> <bytes> <name> [<ONNX nodes, comma-separated>]
 *         (one per profiled kernel call, in id order)
 *     with dtype names from DLC_ARTIFACT_DTYPES;
 *   - exported functions and hook pointers named below;
 *   - after the ELF image, a dlc_artifact_trailer: the checksum of every
 *     byte before it. The runtime checks it, the ELF structure and the
 *     metadata before it loads the file, and `dlc inspect` reads the
 *     metadata from the file without loading it.
 *
 * The checksum detects damage (truncation, flipped bytes), not tampering:
 * an artifact is native code like any shared library, and loading one is a
 * decision to trust whoever produced it.
 *
 *===----------------------------------------------------------------------===*/

#ifndef DLC_RT_DLC_ARTIFACT_ABI_H
#define DLC_RT_DLC_ARTIFACT_ABI_H

#include "dlc-rt/dlc_runtime.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DLC_ARTIFACT_METADATA_SECTION ".dlc_metadata"
#define DLC_ARTIFACT_METADATA_SYMBOL "dlc_artifact_metadata"
/* void dlc_artifact_invoke(void **buffers): inputs, then outputs. */
#define DLC_ARTIFACT_INVOKE_SYMBOL "dlc_artifact_invoke"
/* Hook pointers the runtime fills before the first run. */
#define DLC_ARTIFACT_PARALLEL_FOR_SYMBOL "dlc_artifact_parallel_for"
#define DLC_ARTIFACT_ALLOC_SYMBOL "dlc_artifact_alloc"
#define DLC_ARTIFACT_FREE_SYMBOL "dlc_artifact_free"
/* void (*)(int64_t kernel, int32_t phase): called before (phase 0) and
 * after (phase 1) each kernel call, kernel ids numbering the `kernel`
 * metadata lines. */
#define DLC_ARTIFACT_PROFILE_SYMBOL "dlc_artifact_profile"
/* CUDA artifacts: module loading and unloading, called once the hooks are
 * set; `mgpuX` calls go through the pointer DLC_ARTIFACT_DEVICE_HOOK_PREFIX
 * "mgpuX"; the device constants cache through the constant hook. */
#define DLC_ARTIFACT_DEVICE_INIT_SYMBOL "dlc_artifact_device_init"
#define DLC_ARTIFACT_DEVICE_FINI_SYMBOL "dlc_artifact_device_fini"
#define DLC_ARTIFACT_DEVICE_HOOK_PREFIX "dlc_artifact_hook_"
#define DLC_ARTIFACT_DEVICE_CONSTANT_HOOK "dlcDeviceConstant"

/* The `mgpu*` functions of MLIR's GPU runtime wrappers that the runtime
 * implements, X(name). */
#define DLC_ARTIFACT_DEVICE_FUNCTIONS(X)                                       \
  X(mgpuModuleLoad)                                                            \
  X(mgpuModuleLoadJIT)                                                         \
  X(mgpuModuleUnload)                                                          \
  X(mgpuModuleGetFunction)                                                     \
  X(mgpuLaunchKernel)                                                          \
  X(mgpuStreamCreate)                                                          \
  X(mgpuStreamDestroy)                                                         \
  X(mgpuStreamSynchronize)                                                     \
  X(mgpuMemAlloc)                                                              \
  X(mgpuMemFree)                                                               \
  X(mgpuMemcpy)                                                                \
  X(mgpuMemset32)                                                              \
  X(mgpuMemset16)

/* Element types crossing the ABI, X(enum, metadata name, bytes). */
#define DLC_ARTIFACT_DTYPES(X)                                                 \
  X(DLC_DTYPE_F32, "f32", 4)                                                   \
  X(DLC_DTYPE_I64, "i64", 8)                                                   \
  X(DLC_DTYPE_I32, "i32", 4)                                                   \
  X(DLC_DTYPE_I8, "i8", 1)                                                     \
  X(DLC_DTYPE_BOOL, "bool", 1)                                                 \
  X(DLC_DTYPE_F64, "f64", 8)                                                   \
  X(DLC_DTYPE_F16, "f16", 2)                                                   \
  X(DLC_DTYPE_I16, "i16", 2)                                                   \
  X(DLC_DTYPE_U8, "u8", 1)                                                     \
  X(DLC_DTYPE_U16, "u16", 2)                                                   \
  X(DLC_DTYPE_U32, "u32", 4)                                                   \
  X(DLC_DTYPE_U64, "u64", 8)                                                   \
  X(DLC_DTYPE_BF16, "bf16", 2)

/* Most dims a tensor of the signature may have. */
#define DLC_ARTIFACT_MAX_RANK 32

/* The last bytes of an artifact, little-endian. */
#define DLC_ARTIFACT_TRAILER_MAGIC "DLCSEAL1"
typedef struct dlc_artifact_trailer {
  char magic[8];          /* DLC_ARTIFACT_TRAILER_MAGIC, no NUL */
  uint64_t covered_bytes; /* bytes before the trailer */
  uint64_t checksum;      /* dlc_artifact_checksum of those bytes */
  uint64_t reserved;      /* 0 */
} dlc_artifact_trailer;

/* A 64-bit checksum in four independent multiply-rotate lanes (several GB/s,
 * so checking a large model's artifact costs little next to loading it). */
static inline uint64_t dlc_artifact_checksum_round(uint64_t lane,
                                                   uint64_t word) {
  lane += word * 0xC2B2AE3D27D4EB4FULL;
  lane = (lane << 31) | (lane >> 33);
  return lane * 0x9E3779B185EBCA87ULL;
}

static inline uint64_t dlc_artifact_checksum(const void *data, size_t size) {
  const unsigned char *bytes = (const unsigned char *)data;
  uint64_t lanes[4] = {0x9E3779B185EBCA87ULL, 0xC2B2AE3D27D4EB4FULL,
                       0x165667B19E3779F9ULL, 0x85EBCA77C2B2AE63ULL};
  size_t offset = 0;
  for (; offset + 32 <= size; offset += 32)
    for (int lane = 0; lane < 4; ++lane) {
      uint64_t word;
      memcpy(&word, bytes + offset + 8 * lane, 8);
      lanes[lane] = dlc_artifact_checksum_round(lanes[lane], word);
    }
  uint64_t hash = (uint64_t)size;
  for (int lane = 0; lane < 4; ++lane)
    hash = dlc_artifact_checksum_round(hash ^ lanes[lane], lanes[lane]);
  for (; offset < size; ++offset)
    hash = dlc_artifact_checksum_round(hash, bytes[offset]);
  hash ^= hash >> 29;
  hash *= 0xBF58476D1CE4E5B9ULL;
  return hash ^ (hash >> 32);
}

#endif /* DLC_RT_DLC_ARTIFACT_ABI_H */
