// Compiles a model with the C++ API, then runs it with the runtime C API.
// Usage: consumer MODEL.mlir ARTIFACT.so
#include "dlc-rt/dlc_runtime.h"
#include "dlc/Compiler/Compiler.h"

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  dlc::Compiler compiler;
  dlc::CompileOptions options;
  if (mlir::failed(compiler.compileFile(argv[1], options, argv[2])))
    return 1;
  dlc_model *model = nullptr;
  if (dlc_model_load(argv[2], &model) != DLC_OK) {
    std::printf("%s\n", dlc_last_error());
    return 1;
  }
  float x[6] = {1, 2, 3, 4, 5, 6}, y[6];
  int64_t shape[2] = {2, 3};
  dlc_tensor in = {DLC_DTYPE_F32, 2, shape, x};
  dlc_tensor out = {DLC_DTYPE_F32, 2, shape, y};
  if (dlc_model_run(model, &in, 1, &out, 1) != DLC_OK) {
    std::printf("%s\n", dlc_last_error());
    return 1;
  }
  for (float v : y)
    std::printf("%g ", v);
  std::printf("\n");
  dlc_model_free(model);
  return 0;
}
