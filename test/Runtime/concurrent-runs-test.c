/* concurrent-runs-test: one model loaded once, run from many threads at the
 * same time; every result must equal the serial result for the same inputs,
 * bit for bit. Usage: concurrent-runs-test ARTIFACT THREADS RUNS_PER_THREAD
 *
 * Several distinct input sets are used, so a run that read another run's
 * intermediates or outputs would produce a different answer and be caught.
 * The artifact is loaded twice and the threads alternate between the two
 * models, which share the process's thread pool. The first model profiles
 * its runs: each must record its own complete set of kernel calls, and the
 * second model none. */
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

/* Checks the first model's profile after `runs` runs on it; returns the
 * number of problems found. */
static int check_profile(dlc_model *model, dlc_model *unprofiled, int runs) {
  size_t count = dlc_model_profile_events(model, NULL, 0);
  dlc_profile_event *events = calloc(count + 1, sizeof(dlc_profile_event));
  count = dlc_model_profile_events(model, events, count);
  size_t kernels = dlc_model_num_kernels(model);
  int problems = 0, seen_runs = 0;
  size_t calls = 0;
  const dlc_profile_event *run = NULL;
  for (size_t i = 0; i <= count; ++i) {
    if (i == count || events[i].kind == DLC_PROFILE_RUN) {
      if (run && calls != kernels) {
        printf("run %d recorded %zu kernel calls, not %zu\n", seen_runs, calls,
               kernels);
        ++problems;
      }
      if (i == count)
        break;
      run = &events[i];
      ++seen_runs;
      calls = 0;
      continue;
    }
    const dlc_profile_event *e = &events[i];
    if (!run || e->thread != run->thread || e->begin_ns < run->begin_ns ||
        e->end_ns > run->end_ns || e->end_ns < e->begin_ns ||
        e->kernel >= (int64_t)kernels ||
        (e->kind == DLC_PROFILE_KERNEL && e->kernel < 0)) {
      printf("event %zu (kind %d, kernel %lld) lies outside its run\n", i,
             (int)e->kind, (long long)e->kernel);
      ++problems;
    }
    if (e->kind == DLC_PROFILE_KERNEL)
      ++calls;
  }
  if (seen_runs != runs || kernels == 0) {
    printf("profile: %d runs of %d recorded, %zu kernels\n", seen_runs, runs,
           kernels);
    ++problems;
  }
  if (dlc_model_profile_events(unprofiled, NULL, 0) != 0) {
    printf("the model that does not profile recorded events\n");
    ++problems;
  }
  if (!problems)
    printf("profile: %d runs, %zu kernel calls each\n", seen_runs, kernels);
  free(events);
  return problems;
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

  if (dlc_model_set_profiling(s.model, 1) != DLC_OK) {
    printf("cannot profile: %s\n", dlc_last_error());
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
  /* Even-numbered threads ran the first model. */
  errors += check_profile(s.model, s.second_model, (threads + 1) / 2 * s.runs);
  dlc_model_free(s.model);
  dlc_model_free(s.second_model);
  free(handles);
  free(workers);
  for (int set = 0; set < kInputSets; ++set) {
    for (size_t i = 0; i < s.num_inputs; ++i)
      free(s.inputs[set][i].data);
    free(s.inputs[set]);
    for (size_t i = 0; i < s.num_outputs; ++i)
      free(s.expected[set][i]);
    free(s.expected[set]);
  }
  free(s.output_bytes);
  printf(mismatches || errors ? "FAIL\n" : "OK\n");
  return mismatches || errors;
}
