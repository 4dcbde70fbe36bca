/* A C client of the compiler's C API: compiles a model, runs the artifact
 * through the runtime's C API, and checks that bad options and bad models
 * are reported. Usage: compiler-c-api-test MODEL.mlir BAD.mlir WORKDIR
 * [DYNAMIC.onnx], the last a model with a symbolic dim 'batch' that is
 * specialized through the options. */
#include "dlc-c/Compiler.h"
#include "dlc-rt/dlc_runtime.h"

#include <stdio.h>
#include <string.h>

static int fail(const char *what) {
  printf("FAILED: %s\n", what);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5)
    return fail("usage: compiler-c-api-test MODEL.mlir BAD.mlir WORKDIR "
                "[DYNAMIC.onnx]");
  char artifact[4096];
  snprintf(artifact, sizeof artifact, "%s/model.so", argv[3]);

  dlc_compile_options *options = dlc_compile_options_create();
  if (dlc_compile_options_set(options, "frobnicate", "1") == 0)
    return fail("accepted an unknown option");
  printf("rejected an unknown option\n");
  if (dlc_compile_options_set(options, "O", "7") == 0)
    return fail("accepted -O7");
  printf("rejected O=7\n");
  if (dlc_compile_options_set(options, "no-fusion", "maybe") == 0)
    return fail("accepted no-fusion=maybe");
  printf("rejected no-fusion=maybe\n");
  if (dlc_compile_options_set(options, "target", "cpu") ||
      dlc_compile_options_set(options, "O", "2") ||
      dlc_compile_options_set(options, "no-fusion", "true"))
    return fail("rejected a valid option");

  char *diagnostics = NULL;
  if (dlc_compile_file(argv[1], options, artifact, &diagnostics))
    return fail(diagnostics ? diagnostics : "compile failed");
  printf("compiled, diagnostics %s\n", diagnostics ? diagnostics : "none");
  dlc_string_free(diagnostics);

  dlc_model *model = NULL;
  if (dlc_model_load(artifact, &model) != DLC_OK)
    return fail(dlc_last_error());
  float x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {0};
  int64_t shape[2] = {2, 3};
  dlc_tensor input = {DLC_DTYPE_F32, 2, shape, x};
  dlc_tensor output = {DLC_DTYPE_F32, 2, shape, y};
  if (dlc_model_run(model, &input, 1, &output, 1) != DLC_OK)
    return fail(dlc_last_error());
  printf("y =");
  for (int i = 0; i < 6; ++i)
    printf(" %g", y[i]);
  printf("\n");
  dlc_model_free(model);

  /* A bad model: the diagnostics name the file and the location. */
  if (dlc_compile_file(argv[2], options, artifact, &diagnostics) == 0)
    return fail("compiled a malformed model");
  printf("rejected a bad model: %s", diagnostics ? diagnostics : "(none)\n");
  dlc_string_free(diagnostics);

  /* Text stages go to stdout ("-"); NULL options are the defaults. */
  dlc_compile_options_set(options, "emit", "graph");
  fflush(stdout); /* the compiler writes to the same stdout */
  if (dlc_compile_file(argv[1], options, "-", NULL))
    return fail("emit=graph failed");
  if (dlc_compile_file(argv[1], NULL, NULL, &diagnostics) == 0)
    return fail("accepted a null output path");
  printf("rejected a null output path: %s", diagnostics);
  dlc_string_free(diagnostics);
  dlc_compile_options_destroy(options);

  if (argc == 5) {
    dlc_compile_options *shaped = dlc_compile_options_create();
    if (dlc_compile_options_set(shaped, "dim", "batch=x") == 0 ||
        dlc_compile_options_set(shaped, "input-shape", "x=3xq") == 0)
      return fail("accepted a bad dim or input-shape");
    printf("rejected dim=batch=x and input-shape=x=3xq\n");
    if (dlc_compile_options_set(shaped, "dim", "batch=3") ||
        dlc_compile_options_set(shaped, "emit", "graph"))
      return fail("rejected dim=batch=3");
    fflush(stdout);
    if (dlc_compile_file(argv[4], shaped, "-", NULL))
      return fail("the specialized model did not compile");
    dlc_compile_options_destroy(shaped);
  }
  printf("OK\n");
  return 0;
}
