//===- RunCommand.cpp - `dlc run` and `dlc inspect` -----------------------===//
//
// Both go through the LLVM-free runtime API, exactly as a deployment would.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "HostTensor.h"
#include "ProfileReport.h"

#include "dlc/Target/CPU/TargetDescription.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <memory>

using namespace llvm;
using namespace dlc::tool;

static cl::opt<std::string>
    modelPath(cl::Positional, cl::Required,
              cl::desc("<model.so | model.mlir | model.onnx>"),
              cl::sub(runCommand));
static cl::list<std::string>
    inputSpecs("input",
               cl::desc("An input, in order: @FILE.npy, "
                        "SHAPExDTYPE=v1,v2,... or SHAPExDTYPE=random"),
               cl::sub(runCommand));
static cl::list<std::string>
    outputFiles("output", cl::desc("Write the next output to this .npy file"),
                cl::sub(runCommand));
static cl::opt<unsigned>
    benchmarkRuns("benchmark",
                  cl::desc("Time N runs after warm-up and print latency"),
                  cl::init(0), cl::sub(runCommand));
static cl::opt<std::string> profileOption(
    "profile",
    cl::desc("Time every kernel call of the runs after the first and print "
             "a per-kernel table; =FILE also writes a Chrome/Perfetto trace"),
    cl::ValueOptional, cl::sub(runCommand));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed for random inputs"),
                              cl::init(0), cl::sub(runCommand));

static cl::opt<std::string> inspectPath(cl::Positional, cl::Required,
                                        cl::desc("<model.so>"),
                                        cl::sub(inspectCommand));

namespace {
struct ModelDeleter {
  void operator()(dlc_model *model) const { dlc_model_free(model); }
};
using ModelPtr = std::unique_ptr<dlc_model, ModelDeleter>;

/// Loads the artifact at `path`; errors name `shownPath` (the model a
/// temporary artifact was compiled from).
ModelPtr loadModel(StringRef path, StringRef shownPath) {
  dlc_model *model = nullptr;
  if (dlc_model_load(path.str().c_str(), &model) != DLC_OK) {
    std::string message = dlc_last_error();
    if (path != shownPath && StringRef(message).starts_with(path))
      message = shownPath.str() + message.substr(path.size());
    errs() << "error: " << message << "\n";
    return nullptr;
  }
  return ModelPtr(model);
}

std::string describe(const dlc_tensor_info &info) {
  std::vector<int64_t> shape(info.shape, info.shape + info.rank);
  return std::string(dlc_dtype_name(info.dtype)) + " " + shapeToString(shape);
}

/// Compiles a .mlir or .onnx model to a temporary artifact; returns its
/// path. `inputShapes` (the given inputs') size an ONNX model's symbolic
/// dims.
std::optional<std::string>
compileToTemporary(StringRef mlirPath,
                   std::vector<std::vector<int64_t>> inputShapes) {
  SmallString<128> artifact;
  if (sys::fs::createTemporaryFile("dlc-run", "so", artifact)) {
    errs() << "error: cannot create a temporary file\n";
    return std::nullopt;
  }
  dlc::Compiler compiler;
  dlc::CompileOptions options = compileOptionsFromFlags();
  options.onnx.runInputShapes = std::move(inputShapes);
  if (failed(compiler.compileFile(mlirPath, options, artifact))) {
    sys::fs::remove(artifact);
    return std::nullopt;
  }
  return artifact.str().str();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}
} // namespace

int dlc::tool::runRunCommand() {
  // Inputs are read first: their shapes specialize an ONNX model's
  // symbolic dims when it is compiled here.
  std::vector<HostTensor> inputs, outputs;
  std::vector<std::vector<int64_t>> inputShapes;
  for (auto [i, spec] : llvm::enumerate(inputSpecs)) {
    auto tensor = parseTensorSpec(spec, seed + i);
    if (!tensor) {
      errs() << "error: " << toString(tensor.takeError()) << "\n";
      return 1;
    }
    inputShapes.push_back(tensor->shape);
    inputs.push_back(std::move(*tensor));
  }

  std::string artifact = modelPath;
  std::optional<std::string> temporary;
  if (StringRef(modelPath).ends_with(".mlir") ||
      StringRef(modelPath).ends_with(".onnx")) {
    temporary = compileToTemporary(modelPath, inputShapes);
    if (!temporary)
      return 1;
    artifact = *temporary;
  }
  ModelPtr model = loadModel(artifact, modelPath);
  if (temporary)
    sys::fs::remove(*temporary);
  if (!model)
    return 1;

  size_t numInputs = dlc_model_num_inputs(model.get());
  size_t numOutputs = dlc_model_num_outputs(model.get());
  if (inputSpecs.size() != numInputs) {
    errs() << "error: " << modelPath << " takes " << numInputs << " input(s), "
           << inputSpecs.size() << " given with --input\n";
    for (size_t i = 0; i < numInputs; ++i) {
      dlc_tensor_info info = dlc_model_input(model.get(), i);
      errs() << "  input #" << i << " '" << info.name << "': " << describe(info)
             << "\n";
    }
    return 1;
  }
  if (outputFiles.size() > numOutputs) {
    errs() << "error: " << modelPath << " has " << numOutputs << " output(s), "
           << outputFiles.size() << " given with --output\n";
    return 1;
  }

  for (auto [i, tensor] : llvm::enumerate(inputs))
    // .npy has no bfloat16: a float32 array feeds a bf16 input, rounded.
    if (tensor.dtype == DLC_DTYPE_F32 &&
        dlc_model_input(model.get(), i).dtype == DLC_DTYPE_BF16)
      tensor = toBFloat16(tensor);
  for (size_t i = 0; i < numOutputs; ++i) {
    dlc_tensor_info info = dlc_model_output(model.get(), i);
    outputs.push_back(allocateTensor(
        info.dtype, std::vector<int64_t>(info.shape, info.shape + info.rank)));
  }
  std::vector<dlc_tensor> inputViews, outputViews;
  for (auto &t : inputs)
    inputViews.push_back(t.view());
  for (auto &t : outputs)
    outputViews.push_back(t.view());

  auto runOnce = [&]() {
    return dlc_model_run(model.get(), inputViews.data(), inputViews.size(),
                         outputViews.data(), outputViews.size());
  };
  if (runOnce() != DLC_OK) {
    errs() << "error: " << modelPath << ": " << dlc_last_error() << "\n";
    return 1;
  }

  for (size_t i = 0; i < numOutputs; ++i) {
    if (i < outputFiles.size()) {
      if (Error error = writeNpy(outputFiles[i], outputs[i])) {
        errs() << "error: " << toString(std::move(error)) << "\n";
        return 1;
      }
      continue;
    }
    dlc_tensor_info info = dlc_model_output(model.get(), i);
    outs() << "output #" << i << " '" << info.name << "' " << describe(info)
           << ":\n";
    printTensor(outs(), outputs[i]);
  }

  bool profiling = profileOption.getNumOccurrences() > 0;
  if (profiling &&
      dlc_model_set_profiling(model.get(), /*enabled=*/1) != DLC_OK) {
    errs() << "error: " << dlc_last_error() << "\n";
    return 1;
  }
  // Without --benchmark, the profile is of one run after the first.
  if (profiling && benchmarkRuns == 0 && runOnce() != DLC_OK) {
    errs() << "error: " << modelPath << ": " << dlc_last_error() << "\n";
    return 1;
  }

  if (benchmarkRuns > 0) {
    constexpr unsigned kWarmupRuns = 3;
    if (profiling)
      (void)dlc_model_set_profiling(model.get(), 0);
    for (unsigned i = 0; i < kWarmupRuns; ++i)
      (void)runOnce();
    if (profiling)
      (void)dlc_model_set_profiling(model.get(), 1);
    std::vector<double> latencies;
    for (unsigned i = 0; i < benchmarkRuns; ++i) {
      auto start = std::chrono::steady_clock::now();
      (void)runOnce();
      std::chrono::duration<double, std::milli> elapsed =
          std::chrono::steady_clock::now() - start;
      latencies.push_back(elapsed.count());
    }
    outs() << format("latency_ms: median=%.4f min=%.4f max=%.4f runs=%u\n",
                     median(latencies),
                     *std::min_element(latencies.begin(), latencies.end()),
                     *std::max_element(latencies.begin(), latencies.end()),
                     unsigned(benchmarkRuns));
  }

  if (profiling) {
    std::vector<dlc_profile_event> events(
        dlc_model_profile_events(model.get(), nullptr, 0));
    events.resize(
        dlc_model_profile_events(model.get(), events.data(), events.size()));
    printProfileTable(outs(), model.get(), events,
                      dlc::hostPeakGFLOPsPerCore());
    if (!profileOption.empty())
      if (Error error = writeChromeTrace(profileOption, model.get(), events)) {
        errs() << "error: " << toString(std::move(error)) << "\n";
        return 1;
      }
  }
  return 0;
}

int dlc::tool::runInspectCommand() {
  // Opened, not loaded: a CUDA artifact can be inspected without a GPU.
  dlc_model *opened = nullptr;
  if (dlc_model_open(inspectPath.c_str(), &opened) != DLC_OK) {
    errs() << "error: " << dlc_last_error() << "\n";
    return 1;
  }
  ModelPtr model(opened);
  outs() << "format: " << DLC_ARTIFACT_FORMAT_VERSION << "\n";
  outs() << "target: " << dlc_model_target(model.get()) << "\n";
  if (*dlc_model_device_arch(model.get()))
    outs() << "device-arch: " << dlc_model_device_arch(model.get()) << "\n";
  if (*dlc_model_cpu_target(model.get()))
    outs() << "cpu-target: " << dlc_model_cpu_target(model.get()) << "\n";
  uint64_t weightBytes, workspaceBytes;
  if (dlc_model_planned_memory(model.get(), &weightBytes, &workspaceBytes))
    outs() << "memory: weights " << weightBytes << " B, workspace "
           << workspaceBytes << " B, planned peak "
           << weightBytes + workspaceBytes << " B ("
           << format("%.1f MiB",
                     double(weightBytes + workspaceBytes) / (1 << 20))
           << ")\n";
  for (size_t i = 0; i < dlc_model_num_inputs(model.get()); ++i) {
    dlc_tensor_info info = dlc_model_input(model.get(), i);
    outs() << "input " << i << " " << info.name << " " << describe(info)
           << "\n";
  }
  for (size_t i = 0; i < dlc_model_num_outputs(model.get()); ++i) {
    dlc_tensor_info info = dlc_model_output(model.get(), i);
    outs() << "output " << i << " " << info.name << " " << describe(info)
           << "\n";
  }
  return 0;
}
