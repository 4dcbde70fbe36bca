/* Compiles a model with the C API, then runs it with the runtime C API.
 * Usage: consumer_c MODEL.mlir ARTIFACT.so */
#include "dlc-c/Compiler.h"
#include "dlc-rt/dlc_runtime.h"

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  char *diagnostics = NULL;
  if (dlc_compile_file(argv[1], NULL, argv[2], &diagnostics)) {
    printf("%s", diagnostics);
    return 1;
  }
  dlc_model *model = NULL;
  if (dlc_model_load(argv[2], &model) != DLC_OK) {
    printf("%s\n", dlc_last_error());
    return 1;
  }
  float x[6] = {1, 2, 3, 4, 5, 6}, y[6];
  int64_t shape[2] = {2, 3};
  dlc_tensor in = {DLC_DTYPE_F32, 2, shape, x};
  dlc_tensor out = {DLC_DTYPE_F32, 2, shape, y};
  if (dlc_model_run(model, &in, 1, &out, 1) != DLC_OK) {
    printf("%s\n", dlc_last_error());
    return 1;
  }
  for (int i = 0; i < 6; ++i)
    printf("%g ", y[i]);
  printf("\n");
  dlc_model_free(model);
  return 0;
}
