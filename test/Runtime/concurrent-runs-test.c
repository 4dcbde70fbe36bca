/* concurrent-runs-test: one model loaded once, run from many threads at the
 * same time; every result must equal the serial result for the same inputs,
 * bit for bit. Usage: concurrent-runs-test ARTIFACT THREADS RUNS_PER_THREAD
 *
 * Several distinct input sets are used, so a run that read another run's
 * intermediates or outputs would produce a different answer and be caught.
 * The artifact is loaded twice and the threads alternate between the two
 * models, which share the process's thread pool. */
#include "dlc-rt/dlc_runtime.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kInputSets = 4 };

typedef struct {
  dlc_model *model;
  dlc_model *second_model; /* the same artifact, loaded again */
  size_t num_inputs, num_outputs;
  dlc_tensor *inputs[kInputSets]; /* num_inputs each */
  void **expected[kInputSets];    /* num_outputs buffers each */
  size_t *output_bytes;           /* per output */
  int runs;
} shared_state;

typedef struct {
  shared_state *state;
  int index;
  int mismatches;
  int errors;
} worker_state;

static size_t tensor_bytes(dlc_tensor_info info) {
  size_t bytes = dlc_dtype_size(info.dtype);
  for (int32_t d = 0; d < info.rank; ++d)
    bytes *= (size_t)info.shape[d];
  return bytes;
}

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1664525u + 1013904223u;
  return *seed >> 8;
}

/* Floats in [-1, 1); integers and booleans small enough to be valid indices
 * of any dimension (0 or 1). */
static void fill_random(dlc_tensor_info info, void *data, uint32_t *seed) {
  size_t count = tensor_bytes(info) / dlc_dtype_size(info.dtype);
  if (info.dtype == DLC_DTYPE_F32) {
    float *values = data;
    for (size_t i = 0; i < count; ++i)
      values[i] = (float)next_random(seed) / (float)(1u << 23) - 1.0f;
    return;
  }
  memset(data, 0, tensor_bytes(info));
  unsigned char *bytes = data;
  for (size_t i = 0; i < count; ++i)
    bytes[i * dlc_dtype_size(info.dtype)] = next_random(seed) & 1;
}

static dlc_tensor *make_outputs(shared_state *s) {
  dlc_tensor *outputs = calloc(s->num_outputs, sizeof(dlc_tensor));
  for (size_t i = 0; i < s->num_outputs; ++i) {
    dlc_tensor_info info = dlc_model_output(s->model, i);
    outputs[i] = (dlc_tensor){info.dtype, info.rank, info.shape,
                              calloc(1, s->output_bytes[i] + 1)};
  }
  return outputs;
}

static void *worker(void *arg) {
  worker_state *w = arg;
  shared_state *s = w->state;
  dlc_tensor *outputs = make_outputs(s);
  for (int run = 0; run < s->runs; ++run) {
    int set = (w->index + run) % kInputSets;
    for (size_t i = 0; i < s->num_outputs; ++i)
      memset(outputs[i].data, 0xff, s->output_bytes[i]);
    dlc_model *model = w->index % 2 ? s->second_model : s->model;
    if (dlc_model_run(model, s->inputs[set], s->num_inputs, outputs,
                      s->num_outputs) != DLC_OK) {
      ++w->errors;
      continue;
    }
    for (size_t i = 0; i < s->num_outputs; ++i)
      if (memcmp(outputs[i].data, s->expected[set][i], s->output_bytes[i]))
        ++w->mismatches;
  }
  for (size_t i = 0; i < s->num_outputs; ++i)
    free(outputs[i].data);
  free(outputs);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s ARTIFACT THREADS RUNS_PER_THREAD\n", argv[0]);
    return 2;
  }
  shared_state s = {0};
  int threads = atoi(argv[2]);
  s.runs = atoi(argv[3]);
  if (dlc_model_load(argv[1], &s.model) != DLC_OK ||
      dlc_model_load(argv[1], &s.second_model) != DLC_OK) {
    printf("load failed: %s\n", dlc_last_error());
    return 1;
  }
  s.num_inputs = dlc_model_num_inputs(s.model);
  s.num_outputs = dlc_model_num_outputs(s.model);
  s.output_bytes = calloc(s.num_outputs, sizeof(size_t));
  for (size_t i = 0; i < s.num_outputs; ++i)
    s.output_bytes[i] = tensor_bytes(dlc_model_output(s.model, i));

  uint32_t seed = 12345;
  for (int set = 0; set < kInputSets; ++set) {
    s.inputs[set] = calloc(s.num_inputs, sizeof(dlc_tensor));
    for (size_t i = 0; i < s.num_inputs; ++i) {
      dlc_tensor_info info = dlc_model_input(s.model, i);
      void *data = malloc(tensor_bytes(info) + 1);
      fill_random(info, data, &seed);
      s.inputs[set][i] = (dlc_tensor){info.dtype, info.rank, info.shape, data};
    }
    /* The serial reference for this input set. */
    dlc_tensor *outputs = make_outputs(&s);
    if (dlc_model_run(s.model, s.inputs[set], s.num_inputs, outputs,
                      s.num_outputs) != DLC_OK) {
      printf("serial run failed: %s\n", dlc_last_error());
      return 1;
    }
    s.expected[set] = calloc(s.num_outputs, sizeof(void *));
    for (size_t i = 0; i < s.num_outputs; ++i)
      s.expected[set][i] = outputs[i].data;
    free(outputs);
  }
  for (int set = 1; set < kInputSets; ++set)
    if (!memcmp(s.expected[set][0], s.expected[0][0], s.output_bytes[0])) {
      printf("FAIL: input sets %d and 0 give the same output; the test "
             "could not tell runs apart\n",
             set);
      return 1;
    }

  pthread_t *handles = calloc(threads, sizeof(pthread_t));
  worker_state *workers = calloc(threads, sizeof(worker_state));
  for (int t = 0; t < threads; ++t) {
    workers[t] = (worker_state){&s, t, 0, 0};
    pthread_create(&handles[t], NULL, worker, &workers[t]);
  }
  int mismatches = 0, errors = 0;
  for (int t = 0; t < threads; ++t) {
    pthread_join(handles[t], NULL);
    mismatches += workers[t].mismatches;
    errors += workers[t].errors;
  }
  printf("%d threads x %d runs: %d mismatches, %d errors\n", threads, s.runs,
         mismatches, errors);
  dlc_model_free(s.model);
  dlc_model_free(s.second_model);
  printf(mismatches || errors ? "FAIL\n" : "OK\n");
  return mismatches || errors;
}
