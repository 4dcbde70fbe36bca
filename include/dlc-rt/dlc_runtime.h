/*===- dlc_runtime.h - C API of the dlc runtime -------------------*- C -*-===*
 *
 * Loads and runs artifacts produced by `dlc compile`. The runtime has no
 * LLVM or MLIR dependency: a deployment needs only this library and the
 * artifact.
 *
 * All functions returning dlc_status return DLC_OK (0) on success; on failure
 * dlc_last_error() describes what went wrong in the calling thread.
 *
 * Threads: every function may be called from any thread. dlc_model_run may
 * run one model from any number of threads at once and gives each call the
 * result a serial call would give: weights are shared read-only, each call
 * takes its own intermediate buffers. Models loaded with the same thread
 * count share one process-wide pool; a parallel loop that finds the pool
 * busy with another run's loop runs in its calling thread, so concurrent
 * runs neither wait for each other nor use more threads than the pool has.
 * CUDA artifacts run one call at a time per model (later calls wait).
 * dlc_model_free must not race with runs of the same model.
 *
 *===----------------------------------------------------------------------===*/

#ifndef DLC_RT_DLC_RUNTIME_H
#define DLC_RT_DLC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DLC_RT_API __attribute__((visibility("default")))

/* The artifact format this runtime reads. Artifacts of another version are
 * rejected with a message asking to recompile. */
#define DLC_ARTIFACT_FORMAT_VERSION 2

typedef enum dlc_status {
  DLC_OK = 0,
  DLC_ERROR_IO = 1,       /* file missing or unreadable */
  DLC_ERROR_FORMAT = 2,   /* not an artifact, or another format version */
  DLC_ERROR_ARGUMENT = 3, /* inputs/outputs do not match the signature */
  DLC_ERROR_DEVICE = 4,   /* the artifact needs a device this host lacks */
  DLC_ERROR_MEMORY = 5,   /* an intermediate buffer could not be allocated */
} dlc_status;

typedef enum dlc_dtype {
  DLC_DTYPE_F32 = 0,
  DLC_DTYPE_I64 = 1,
  DLC_DTYPE_I32 = 2,
  DLC_DTYPE_I8 = 3,
  DLC_DTYPE_BOOL = 4, /* one byte per element, 0 or 1 */
  DLC_DTYPE_F64 = 5,
  DLC_DTYPE_F16 = 6, /* IEEE binary16 */
  DLC_DTYPE_I16 = 7,
  DLC_DTYPE_U8 = 8,
  DLC_DTYPE_U16 = 9,
  DLC_DTYPE_U32 = 10,
  DLC_DTYPE_U64 = 11,
  DLC_DTYPE_BF16 = 12, /* bfloat16: the high half of an IEEE binary32 */
} dlc_dtype;

/* A dense, row-major tensor. `shape` has `rank` entries. */
typedef struct dlc_tensor {
  dlc_dtype dtype;
  int32_t rank;
  const int64_t *shape;
  void *data;
} dlc_tensor;

/* Signature entry of an artifact input or output. Owned by the model. */
typedef struct dlc_tensor_info {
  const char *name;
  dlc_dtype dtype;
  int32_t rank;
  const int64_t *shape;
} dlc_tensor_info;

typedef struct dlc_model dlc_model;

/* Loads the artifact at `path` and checks its format version. Its parallel
 * loops run on the process's pool of DLC_NUM_THREADS threads (read here;
 * default: all hardware threads), the calling thread included.
 * DLC_MEMORY_LIMIT (read here: bytes, or with a K, M or G suffix) caps the
 * intermediate buffers the model's runs hold at once, cached idle buffers
 * included; unset or 0: no cap. */
DLC_RT_API dlc_status dlc_model_load(const char *path, dlc_model **model);
/* Opens the artifact at `path` for inspection only: its signature and target
 * can be read on any host (a CUDA artifact without a GPU, too), but
 * dlc_model_run fails with DLC_ERROR_DEVICE. */
DLC_RT_API dlc_status dlc_model_open(const char *path, dlc_model **model);
DLC_RT_API void dlc_model_free(dlc_model *model);

DLC_RT_API size_t dlc_model_num_inputs(const dlc_model *model);
DLC_RT_API size_t dlc_model_num_outputs(const dlc_model *model);
DLC_RT_API dlc_tensor_info dlc_model_input(const dlc_model *model,
                                           size_t index);
DLC_RT_API dlc_tensor_info dlc_model_output(const dlc_model *model,
                                            size_t index);
/* The device the artifact was compiled for ("cpu" or "cuda"). */
DLC_RT_API const char *dlc_model_target(const dlc_model *model);
/* Architecture of its device code ("sm_90"), "" for CPU artifacts. */
DLC_RT_API const char *dlc_model_device_arch(const dlc_model *model);
/* The CPU the host code was generated for, as dlc's target description
 * ("cpu=znver5 isa=512 full-rate=512(table) regs=32 l1d=48K ..."); "" for
 * artifacts that do not record it. */
DLC_RT_API const char *dlc_model_cpu_target(const dlc_model *model);

/* What the artifact plans to need in memory: the bytes of its weights and
 * the most bytes of intermediate buffers one run holds at once (an upper
 * bound). Returns 0 when the artifact does not record it (CUDA artifacts),
 * else 1 and sets both. */
DLC_RT_API int dlc_model_planned_memory(const dlc_model *model,
                                        uint64_t *weight_bytes,
                                        uint64_t *workspace_bytes);

/* Runs the model. Inputs must match the signature in count, dtype and shape;
 * outputs are caller-allocated with the signature's dtype and shape.
 * When an intermediate buffer cannot be allocated (the heap or
 * DLC_MEMORY_LIMIT refuses it), a CPU run stops, frees what it allocated and
 * returns DLC_ERROR_MEMORY; the model stays usable. */
DLC_RT_API dlc_status dlc_model_run(dlc_model *model, const dlc_tensor *inputs,
                                    size_t num_inputs, dlc_tensor *outputs,
                                    size_t num_outputs);

/* Profiling. CPU artifacts call the runtime around each kernel call when a
 * model of theirs profiles; otherwise each call costs a load and a branch.
 * Kernels are numbered in the order the model calls them. */
typedef struct dlc_kernel_info {
  const char *name;  /* the kernel function */
  const char *nodes; /* the model's nodes fused into it, comma-separated */
  int64_t flops;     /* floating-point operations per call; 0: not counted */
  int64_t bytes;     /* bytes of its operands, results and weights */
} dlc_kernel_info;

DLC_RT_API size_t dlc_model_num_kernels(const dlc_model *model);
DLC_RT_API dlc_kernel_info dlc_model_kernel(const dlc_model *model,
                                            size_t index);

typedef enum dlc_profile_event_kind {
  DLC_PROFILE_RUN = 0,      /* one dlc_model_run */
  DLC_PROFILE_KERNEL = 1,   /* one kernel call */
  DLC_PROFILE_PARALLEL = 2, /* one parallel loop (inside `kernel`) */
} dlc_profile_event_kind;

typedef struct dlc_profile_event {
  dlc_profile_event_kind kind;
  int32_t thread;     /* the run's thread, numbered from 0 per process */
  int64_t kernel;     /* kernel index; -1 for runs and loops outside one */
  int64_t iterations; /* parallel loops: their trip count */
  int32_t threads;    /* parallel loops: threads that ran a part of it */
  uint64_t begin_ns;  /* since profiling was turned on */
  uint64_t end_ns;
} dlc_profile_event;

/* Turns recording of the model's runs on (nonzero) or off. Turning it on
 * discards the events recorded so far. Fails with DLC_ERROR_ARGUMENT for
 * artifacts without profiling hooks (CUDA artifacts, models opened with
 * dlc_model_open). */
DLC_RT_API dlc_status dlc_model_set_profiling(dlc_model *model, int enabled);

/* Copies up to `capacity` of the recorded events into `events` (which may be
 * null when `capacity` is 0): each run's events in order of their start,
 * runs in the order they finished. Returns how many are recorded. */
DLC_RT_API size_t dlc_model_profile_events(dlc_model *model,
                                           dlc_profile_event *events,
                                           size_t capacity);

/* Bytes per element of `dtype`, and its name ("f32", "i64", ...). */
DLC_RT_API size_t dlc_dtype_size(dlc_dtype dtype);
DLC_RT_API const char *dlc_dtype_name(dlc_dtype dtype);

/* Message of the last failure in this thread ("" if none). */
DLC_RT_API const char *dlc_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* DLC_RT_DLC_RUNTIME_H */
