/* runtime-api-test: loads an artifact through the C API and exercises the
 * argument checks. Usage: runtime-api-test ARTIFACT
 * The artifact must take one f32 2x3 input and return one f32 2x3 output. */
#include "dlc-rt/dlc_runtime.h"

#include <stdio.h>

static int expect_error(dlc_status status, const char *what) {
  if (status == DLC_OK) {
    printf("FAIL: %s was accepted\n", what);
    return 1;
  }
  printf("rejected %s: %s\n", what, dlc_last_error());
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  dlc_model *model = NULL;
  if (dlc_model_load(argv[1], &model) != DLC_OK) {
    printf("load failed: %s\n", dlc_last_error());
    return 1;
  }
  dlc_tensor_info in = dlc_model_input(model, 0);
  printf("input %s %s rank %d\n", in.name, dlc_dtype_name(in.dtype), in.rank);

  float x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {0};
  int64_t shape[2] = {2, 3}, bad_shape[2] = {3, 2};
  dlc_tensor input = {DLC_DTYPE_F32, 2, shape, x};
  dlc_tensor output = {DLC_DTYPE_F32, 2, shape, y};
  int failures = 0;

  dlc_tensor wrong_shape = {DLC_DTYPE_F32, 2, bad_shape, x};
  failures += expect_error(dlc_model_run(model, &wrong_shape, 1, &output, 1),
                           "a wrong input shape");
  dlc_tensor wrong_dtype = {DLC_DTYPE_I32, 2, shape, x};
  failures += expect_error(dlc_model_run(model, &wrong_dtype, 1, &output, 1),
                           "a wrong input dtype");
  failures += expect_error(dlc_model_run(model, &input, 0, &output, 1),
                           "a missing input");
  dlc_tensor null_data = {DLC_DTYPE_F32, 2, shape, NULL};
  failures += expect_error(dlc_model_run(model, &null_data, 1, &output, 1),
                           "a null data pointer");

  if (dlc_model_run(model, &input, 1, &output, 1) != DLC_OK) {
    printf("FAIL: run: %s\n", dlc_last_error());
    return 1;
  }
  printf("y =");
  for (int i = 0; i < 6; ++i)
    printf(" %g", y[i]);
  printf("\n");
  dlc_model_free(model);

  failures += expect_error(dlc_model_load("/nonexistent/model.so", &model),
                           "a missing artifact");
  printf(failures ? "FAIL\n" : "OK\n");
  return failures != 0;
}
