//===- dlc.cpp - the dlc driver: compile, run, inspect --------------------===//

#include "Commands.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace dlc::tool;

cl::SubCommand dlc::tool::compileCommand(
    "compile", "Compile a model (.mlir) to an artifact or an IR stage");
cl::SubCommand
    dlc::tool::runCommand("run",
                          "Run an artifact (or compile and run a .mlir model)");
cl::SubCommand dlc::tool::inspectCommand(
    "inspect", "Print an artifact's format version, target and signature");
cl::SubCommand dlc::tool::importCommand(
    "import", "Import an ONNX model into the dlc dialect (MLIR text)");
cl::SubCommand
    dlc::tool::checkCommand("check",
                            "Report which of an ONNX model's ops dlc supports");

cl::opt<std::string> dlc::tool::targetOption(
    "target",
    cl::desc("Devices to compile for, in order of preference: cpu "
             "(default), cuda, or a list such as cuda,cpu (each op goes to "
             "the first device that can run it)"),
    cl::init("cpu"), cl::sub(compileCommand), cl::sub(runCommand));
static cl::list<std::string> placeOption(
    "place",
    cl::desc("Pin ops to a device: NAME:DEVICE, NAME an ONNX node name or "
             "an op name such as dlc.gather (repeatable)"),
    cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<bool> noFallbackOption(
    "no-fallback",
    cl::desc("Fail, naming the ops, instead of placing ops on a later "
             "target because the first cannot run them"),
    cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<bool>
    noFusionOption("no-fusion",
                   cl::desc("One kernel per op (to compare with fusion)"),
                   cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<std::string>
    reportOption("report",
                 cl::desc("Print the placement report: --report (text) or "
                          "--report=json"),
                 cl::ValueOptional, cl::sub(compileCommand),
                 cl::sub(runCommand));
static cl::opt<std::string>
    reportFileOption("report-file",
                     cl::desc("Write the placement report here (default: "
                              "stdout)"),
                     cl::value_desc("path"), cl::init("-"),
                     cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<std::string>
    cudaArchOption("cuda-arch",
                   cl::desc("GPU architecture of CUDA kernels (sm_80, "
                            "sm_86, sm_89, sm_90, ...; default sm_90)"),
                   cl::init("sm_90"), cl::sub(compileCommand),
                   cl::sub(runCommand));
static cl::opt<std::string> cudaMatmulPrecisionOption(
    "cuda-matmul-precision",
    cl::desc("Inputs of f32 matrix products and convolutions on the GPU: "
             "f32 (default, exact), tf32 (sm_80+) or f16, rounded to that "
             "type and multiplied on tensor cores, accumulated in f32"),
    cl::init("f32"), cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<std::string> cudaToolkitOption(
    "cuda-toolkit",
    cl::desc("CUDA toolkit whose ptxas assembles kernels (default: "
             "$CUDA_HOME, else /usr/local/cuda); without one, PTX is "
             "embedded for the driver to compile"),
    cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<std::string> cudaImageOption(
    "cuda-image",
    cl::desc("Device image of CUDA kernels: fatbin (cubin + PTX), bin "
             "(cubin) or isa (PTX); default fatbin when the toolkit is "
             "present, else isa"),
    cl::sub(compileCommand), cl::sub(runCommand));
cl::opt<std::string> dlc::tool::cpuOption(
    "cpu",
    cl::desc("CPU to generate code for: native (default), x86-64-v3, "
             "x86-64-v4, or any LLVM CPU name"),
    cl::init("native"), cl::sub(compileCommand), cl::sub(runCommand));
static cl::opt<unsigned> vectorBitsOption(
    "vector-bits",
    cl::desc("Width of CPU vectors in bits (128, 256, 512; default: the "
             "target's choice), for experiments"),
    cl::init(0), cl::Hidden, cl::sub(compileCommand), cl::sub(runCommand));
cl::opt<unsigned>
    dlc::tool::optLevelOption("O", cl::desc("LLVM optimization level (0-3)"),
                              cl::Prefix, cl::init(3), cl::sub(compileCommand),
                              cl::sub(runCommand));
static cl::opt<unsigned> jobsOption(
    "jobs",
    cl::desc("Threads that optimize and compile the artifact's LLVM "
             "partitions (default 0: all cores; the artifact is the same "
             "for any value)"),
    cl::init(0), cl::sub(compileCommand), cl::sub(runCommand));

cl::list<std::string> dlc::tool::freezeInputOption(
    "freeze-input",
    cl::desc("ONNX: bind graph input NAME to a constant, NAME=@FILE.pb "
             "(for inputs that must be known at compile time, like shapes)"),
    cl::sub(compileCommand), cl::sub(runCommand), cl::sub(importCommand),
    cl::sub(checkCommand));

static cl::list<std::string> inputShapeOption(
    "input-shape",
    cl::desc("ONNX: the shape of graph input NAME, NAME=1x3x224x224, for "
             "models exported with symbolic dims (repeatable)"),
    cl::sub(compileCommand), cl::sub(runCommand), cl::sub(importCommand),
    cl::sub(checkCommand));
static cl::list<std::string>
    dimOption("dim",
              cl::desc("ONNX: the size of a symbolic dim, SYMBOL=SIZE (e.g. "
                       "batch=1; unnamed dims are INPUT.INDEX, e.g. input.0); "
                       "repeatable"),
              cl::sub(compileCommand), cl::sub(runCommand),
              cl::sub(importCommand), cl::sub(checkCommand));

/// Applies --input-shape and --dim to `options`; the first bad spec's
/// message, or empty.
static std::string applyShapeFlags(dlc::ONNXImportOptions &options) {
  for (StringRef spec : inputShapeOption)
    if (std::string error = dlc::addInputShapeSpec(options, spec);
        !error.empty())
      return error;
  for (StringRef spec : dimOption)
    if (std::string error = dlc::addDimSpec(options, spec); !error.empty())
      return error;
  return "";
}

dlc::CompileOptions dlc::tool::compileOptionsFromFlags() {
  dlc::CompileOptions options;
  options.target = targetOption;
  options.cpu = cpuOption;
  options.cudaArch = cudaArchOption;
  options.cudaMatmulPrecision = cudaMatmulPrecisionOption;
  options.cudaToolkit = cudaToolkitOption;
  options.cudaImage = cudaImageOption;
  options.optLevel = optLevelOption;
  options.vectorBits = vectorBitsOption;
  options.codegenThreads = jobsOption;
  options.pins.assign(placeOption.begin(), placeOption.end());
  options.noFallback = noFallbackOption;
  options.fuse = !noFusionOption;
  if (reportOption.getNumOccurrences())
    options.report = reportOption == "json" ? dlc::ReportFormat::JSON
                                            : dlc::ReportFormat::Text;
  options.reportPath = reportFileOption;
  options.usePassManagerCLOptions = true;
  for (StringRef spec : freezeInputOption) {
    auto [name, file] = spec.split("=@");
    options.onnx.frozenInputs.emplace_back(name.str(), file.str());
  }
  (void)applyShapeFlags(options.onnx); // checked in main
  return options;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // --mlir-print-ir-after=PASS and friends, for compiler developers.
  mlir::registerPassManagerCLOptions();
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc: compile deep-learning models for CPUs and GPUs, and run them\n\n"
      "  dlc compile model.onnx --target=cpu -o model.so\n"
      "  dlc run model.so --input=@x.npy --output=y.npy\n");
  if (reportOption.getNumOccurrences() && reportOption != "" &&
      reportOption != "text" && reportOption != "json") {
    errs() << "dlc: --report=" << reportOption
           << " is not a report format (text, json)\n";
    return 1;
  }
  {
    dlc::ONNXImportOptions checked;
    if (std::string error = applyShapeFlags(checked); !error.empty()) {
      errs() << "dlc: " << error << "\n";
      return 1;
    }
  }
  if (vectorBitsOption != 0 && vectorBitsOption != 128 &&
      vectorBitsOption != 256 && vectorBitsOption != 512) {
    errs() << "dlc: --vector-bits=" << vectorBitsOption
           << " is not a vector width (128, 256, 512)\n";
    return 1;
  }
  if (compileCommand)
    return runCompileCommand();
  if (runCommand)
    return runRunCommand();
  if (inspectCommand)
    return runInspectCommand();
  if (importCommand)
    return runImportCommand();
  if (checkCommand)
    return runCheckCommand();
  errs() << "dlc: missing command (compile, run, inspect, import, check); see "
            "dlc --help\n";
  return 1;
}
