/*===- Compiler.h - C API of the dlc compiler ---------------------*- C -*-===*
 *
 * `dlc compile` for toolchains written in C (or any language with a C FFI):
 * compile an MLIR or ONNX model to an artifact, then run the artifact
 * through the runtime's C API (dlc-rt/dlc_runtime.h).
 *
 *   dlc_compile_options *options = dlc_compile_options_create();
 *   dlc_compile_options_set(options, "target", "cuda,cpu");
 *   char *diagnostics = NULL;
 *   if (dlc_compile_file("model.onnx", options, "model.so", &diagnostics))
 *     fprintf(stderr, "%s", diagnostics);
 *   dlc_string_free(diagnostics);
 *   dlc_compile_options_destroy(options);
 *
 * Link with dlc::DlcCAPI (find_package(dlc)).
 *
 *===----------------------------------------------------------------------===*/

#ifndef DLC_C_COMPILER_H
#define DLC_C_COMPILER_H

#ifdef __cplusplus
extern "C" {
#endif

/* Options of one compilation; the defaults are `dlc compile`'s. */
typedef struct dlc_compile_options dlc_compile_options;

dlc_compile_options *dlc_compile_options_create(void);
void dlc_compile_options_destroy(dlc_compile_options *options);

/* Sets an option by the name of its `dlc compile` flag (docs/cli.md),
 * without the dashes:
 *   target, cuda-arch, cuda-matmul-precision, cuda-toolkit, cuda-image, cpu,
 *   report-file                       any string, checked when compiling;
 *   place, freeze-input               NAME:DEVICE, NAME=@FILE.pb; each call
 *                                     adds one;
 *   input-shape, dim                  NAME=1x3x224x224, SYMBOL=SIZE (ONNX
 *                                     inputs with symbolic dims); each call
 *                                     adds one;
 *   no-fallback, no-fusion            "true" or "false";
 *   report                            "text", "json" or "none";
 *   O                                 "0" to "3";
 *   jobs                              a thread count, "0" for all cores;
 *   emit                              a stage: graph, kernels, linalg, llvm,
 *                                     ptx, llvm-ir, asm, obj, so.
 * Returns 0, or -1 (and changes nothing) for an unknown name or a value
 * the option cannot take. */
int dlc_compile_options_set(dlc_compile_options *options, const char *name,
                            const char *value);

/* Compiles the model at `model_path` (.mlir in the dlc dialect, or .onnx)
 * and writes the stage `emit` names (an artifact by default) to
 * `output_path` ("-" for stdout, text stages only). `options` may be NULL
 * (the defaults). Returns 0 on success, -1 on failure. If `diagnostics` is
 * not NULL it receives the messages the compilation printed (errors name
 * the file, the op and the location), or NULL if there were none; free it
 * with dlc_string_free. Calls may run concurrently: each has its own
 * compiler. */
int dlc_compile_file(const char *model_path, const dlc_compile_options *options,
                     const char *output_path, char **diagnostics);

void dlc_string_free(char *string);

#ifdef __cplusplus
}
#endif

#endif /* DLC_C_COMPILER_H */
