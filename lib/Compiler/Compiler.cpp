//===- Compiler.cpp - dlc compiler C++ API --------------------------------===//

#include "dlc/Compiler/Compiler.h"

#include "dlc/Compiler/HostKernels.h"
#include "dlc/Compiler/PlacementReport.h"

#include "dlc/Dialect/Graph/IR/Graph.h"
#include "dlc/Frontend/ONNX/ONNXImporter.h"
#include "dlc/Target/CPU/Artifact.h"
#include "dlc/Target/CPU/TargetDescription.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "llvm/Support/Path.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace dlc;

std::optional<Stage> dlc::parseStage(StringRef name) {
  return llvm::StringSwitch<std::optional<Stage>>(name)
      .Case("graph", Stage::Graph)
      .Case("kernels", Stage::Kernels)
      .Case("linalg", Stage::Linalg)
      .Case("llvm", Stage::LLVMDialect)
      .Case("ptx", Stage::DeviceAssembly)
      .Case("llvm-ir", Stage::LLVMIR)
      .Case("asm", Stage::Assembly)
      .Case("obj", Stage::Object)
      .Case("so", Stage::Artifact)
      .Default(std::nullopt);
}

Compiler::Compiler(llvm::raw_ostream &diagnosticStream)
    : diagnosticStream(diagnosticStream) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // Diagnostics point at the model's source; op dumps would only add noise.
  context.printOpOnDiagnostic(false);
  diagnostics = std::make_unique<SourceMgrDiagnosticHandler>(
      sourceMgr, &context, diagnosticStream);
}

Compiler::~Compiler() = default;

OwningOpRef<ModuleOp>
Compiler::parseFile(StringRef path, const ONNXImportOptions &onnxOptions) {
  if (path.ends_with(".onnx")) {
    ONNXImportOptions options = onnxOptions;
    if (!options.diagnosticStream)
      options.diagnosticStream = &diagnosticStream;
    return importONNXFile(path, context, options);
  }
  std::string error;
  auto buffer = openInputFile(path, &error);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read model '" << path << "': " << error;
    return nullptr;
  }
  unsigned id = sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  (void)id;
  return module;
}

/// The comma-separated target list, checked.
static FailureOr<SmallVector<std::string>>
parseTargets(const CompileOptions &options, Location loc) {
  SmallVector<StringRef> names;
  StringRef(options.target).split(names, ',');
  SmallVector<std::string> targets;
  for (StringRef name : names) {
    name = name.trim();
    if (name != "cpu" && name != "cuda")
      return emitError(loc, "target '")
             << name << "' is not supported (available: cpu, cuda)";
    if (llvm::is_contained(targets, name))
      return emitError(loc, "target '") << name << "' is listed twice";
    targets.push_back(name.str());
  }
  return targets;
}

/// The toolkit that assembles PTX: --cuda-toolkit, $CUDA_HOME, or
/// /usr/local/cuda.
/// The target description as the module attribute the strategy reads.
static graph::CPUTargetAttr toAttr(const CPUTargetDescription &target,
                                   MLIRContext *context) {
  return graph::CPUTargetAttr::get(
      context, target.cpu, target.isaVectorBits, target.fullRateVectorBits,
      target.vectorRegisters, target.l1dBytes, target.l2Bytes, target.l3Bytes,
      target.cores);
}

static std::string cudaToolkitPath(const CompileOptions &options) {
  if (!options.cudaToolkit.empty())
    return options.cudaToolkit;
  if (const char *home = std::getenv("CUDA_HOME"))
    return home;
  return "/usr/local/cuda";
}

/// fatbin (cubin for the architecture plus PTX for newer ones) needs ptxas
/// and fatbinary; without them the driver compiles embedded PTX at load time.
static std::string cudaImageFormat(const CompileOptions &options,
                                   StringRef toolkit) {
  if (!options.cudaImage.empty())
    return options.cudaImage;
  SmallString<128> ptxas(toolkit), fatbinary(toolkit);
  llvm::sys::path::append(ptxas, "bin", "ptxas");
  llvm::sys::path::append(fatbinary, "bin", "fatbinary");
  bool haveTools = llvm::sys::fs::can_execute(ptxas) &&
                   llvm::sys::fs::can_execute(fatbinary);
  return haveTools ? "fatbin" : "isa";
}

static LogicalResult checkCudaOptions(const CompileOptions &options,
                                      Location loc) {
  StringRef arch = options.cudaArch;
  unsigned version = 0;
  if (!arch.consume_front("sm_") || arch.getAsInteger(10, version) ||
      version < 75)
    return emitError(loc, "--cuda-arch='")
           << options.cudaArch
           << "' is not a supported GPU architecture (sm_75 or newer, e.g. "
              "sm_80, sm_90)";
  StringRef precision = options.cudaMatmulPrecision;
  if (precision != "f32" && precision != "tf32" && precision != "f16")
    return emitError(loc, "--cuda-matmul-precision='")
           << precision << "' is not one of f32, tf32, f16";
  if (precision == "tf32" && version < 80)
    return emitError(loc, "--cuda-matmul-precision=tf32 needs tensor cores "
                          "with tf32 (sm_80 or newer), not ")
           << options.cudaArch;
  StringRef format = options.cudaImage;
  if (!format.empty() && format != "fatbin" && format != "bin" &&
      format != "isa")
    return emitError(loc, "CUDA image format '")
           << format << "' is not one of fatbin, bin, isa";
  return success();
}

/// Writes the PTX of every kernel module, each after a `// gpu.module` line.
static void printDeviceAssembly(ModuleOp module, llvm::raw_ostream &os) {
  module.walk([&](gpu::BinaryOp binary) {
    for (Attribute attr : binary.getObjects()) {
      auto object = cast<gpu::ObjectAttr>(attr);
      os << "// gpu.module @" << binary.getName() << "\n"
         << object.getObject().getValue() << "\n";
    }
  });
}

/// Writes `text` to `path` ("-" is stdout).
static LogicalResult
writeOutput(StringRef path, Location loc,
            llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return emitError(loc, "cannot write '") << path << "': " << error;
  write(file->os());
  file->keep();
  return success();
}

/// Models are graphs of dlc ops in functions; anything else would only fail
/// deep inside code generation.
static LogicalResult checkGraphOps(ModuleOp module) {
  WalkResult result = module.walk([](Operation *op) {
    if (isa<ModuleOp, func::FuncOp, func::ReturnOp, func::CallOp>(op) ||
        isa<graph::DlcDialect>(op->getDialect()))
      return WalkResult::advance();
    op->emitError("'") << op->getName()
                       << "' is not a dlc graph op; models must be written "
                          "in the dlc dialect";
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

/// Writes the placement report where the options ask for it.
static LogicalResult writeReport(const PlacementReport &report,
                                 const CompileOptions &options, Location loc) {
  if (options.report == ReportFormat::None)
    return success();
  return writeOutput(options.reportPath, loc, [&](llvm::raw_ostream &os) {
    if (options.report == ReportFormat::JSON)
      report.printJSON(os);
    else
      report.printText(os);
  });
}

/// The device whose pipeline generates the program: cuda if any kernel is
/// there (kernels on the CPU are then compiled apart and linked in), else
/// the one device used.
static std::string programDevice(const PlacementReport &report) {
  std::vector<std::string> used = report.usedDevices();
  if (llvm::is_contained(used, "cuda"))
    return "cuda";
  return used.empty() ? report.targets.front() : used.front();
}

LogicalResult Compiler::compile(ModuleOp module, const CompileOptions &options,
                                StringRef outputPath) {
  Location loc = module.getLoc();
  auto targets = parseTargets(options, loc);
  if (failed(targets) || failed(checkGraphOps(module)))
    return failure();
  bool mayUseCuda = llvm::is_contained(*targets, "cuda");
  if (mayUseCuda && failed(checkCudaOptions(options, loc)))
    return failure();
  if (options.emit == Stage::DeviceAssembly && !mayUseCuda)
    return emitError(loc, "--emit=ptx needs --target=cuda");

  GraphPipelineOptions graphOptions;
  graphOptions.targets = ArrayRef<std::string>(*targets);
  graphOptions.pins = ArrayRef<std::string>(options.pins);
  graphOptions.noFallback = options.noFallback;
  graphOptions.fuse = options.fuse;
  if (mayUseCuda) {
    graphOptions.cudaArch = options.cudaArch;
    graphOptions.cudaMatmulPrecision = options.cudaMatmulPrecision;
    graphOptions.cudaToolkit = cudaToolkitPath(options);
    graphOptions.cudaImage =
        options.emit == Stage::DeviceAssembly
            ? std::string("isa")
            : cudaImageFormat(options, graphOptions.cudaToolkit);
  }
  auto runPipelineOn = [&](ModuleOp target,
                           llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(&context);
    build(pm);
    if (options.usePassManagerCLOptions &&
        failed(applyPassManagerCLOptions(pm)))
      return failure();
    return pm.run(target);
  };
  auto runPipeline = [&](llvm::function_ref<void(OpPassManager &)> build) {
    return runPipelineOn(module, build);
  };
  auto writeIR = [&] {
    return writeOutput(outputPath, loc,
                       [&](llvm::raw_ostream &os) { module.print(os); });
  };

  // Graph passes, placement and kernel formation.
  if (failed(runPipeline([&](OpPassManager &pm) {
        buildGraphSimplificationPipeline(pm);
        if (options.emit != Stage::Graph)
          buildKernelFormationPipeline(pm, graphOptions);
      })))
    return failure();
  if (options.emit == Stage::Graph)
    return writeIR();
  PlacementReport report = collectPlacementReport(module, *targets);
  if (failed(writeReport(report, options, loc)))
    return failure();
  if (options.emit == Stage::Kernels)
    return writeIR();

  std::string device = programDevice(report);
  bool cuda = device == "cuda";
  std::vector<std::string> used = report.usedDevices();
  bool hostKernels = cuda && llvm::is_contained(used, "cpu");
  if (options.emit == Stage::DeviceAssembly && !cuda)
    return emitError(loc, "--emit=ptx: no kernel was placed on cuda");
  // The signature is read from the host program before lowering.
  auto signature = extractSignature(module, device);
  if (failed(signature))
    return failure();
  if (cuda)
    signature->deviceArch = options.cudaArch;

  // Code generation for the device; CPU code is shaped for the target CPU.
  CPUTargetOptions cpuOptions;
  cpuOptions.cpu = options.cpu;
  cpuOptions.optLevel = options.optLevel;
  auto machine = createCPUTargetMachine(cpuOptions, loc);
  if (failed(machine))
    return failure();
  auto cpuTarget = getCPUTargetDescription(options.cpu, loc);
  if (failed(cpuTarget))
    return failure();
  // dlc-select-lowering chooses every kernel's tiles and widths for this
  // target; --vector-bits overrides its width.
  graphOptions.vectorBits = options.vectorBits;
  auto targetAttr = toAttr(*cpuTarget, &context);
  module->setAttr(kTargetAttrName, targetAttr);
  signature->cpuTarget = cpuTarget->toString();
  Stage irStage = std::min(options.emit, Stage::LLVMDialect);
  if (failed(runPipeline(buildGraphToLinalgPipeline)))
    return failure();
  OwningOpRef<ModuleOp> cpuKernels;
  if (hostKernels && irStage > Stage::Linalg) {
    // Before the program's pipeline turns them into declarations.
    cpuKernels = extractHostKernels(module);
    (*cpuKernels)->setAttr(kTargetAttrName, targetAttr);
    if (failed(runPipelineOn(*cpuKernels, [&](OpPassManager &pm) {
          buildCPUCodegenPipeline(pm, graphOptions.registerTileM,
                                  graphOptions.vectorBits,
                                  graphOptions.contractionVectorBits);
        })))
      return failure();
  }
  if (irStage > Stage::Linalg && failed(runPipeline([&](OpPassManager &pm) {
        buildCodegenPipeline(pm, device, graphOptions);
      })))
    return failure();
  if (cpuKernels && failed(linkHostKernels(module, *cpuKernels)))
    return failure();
  // Only the CPU pipeline plans the footprint; a CUDA artifact's device
  // memory is not counted there.
  if (!cuda)
    signature->takeCodegenAnnotations(module);
  if (options.emit <= Stage::LLVMDialect)
    return writeIR();
  if (options.emit == Stage::DeviceAssembly)
    return writeOutput(outputPath, loc, [&](llvm::raw_ostream &os) {
      printDeviceAssembly(module, os);
    });

  llvm::LLVMContext llvmContext;
  // Artifacts keep their weights out of the code's module (a section of
  // their own); the other stages show the whole module.
  std::unique_ptr<llvm::Module> weights;
  auto llvmModule = translateToArtifactModule(
      module, *signature, **machine, llvmContext,
      options.emit == Stage::Artifact ? &weights : nullptr);
  if (failed(llvmModule))
    return failure();

  // Artifact: partitions optimized and compiled on threads, then linked.
  if (options.emit == Stage::Artifact) {
    if (outputPath == "-")
      return emitError(loc, "an artifact cannot be written to stdout; use -o");
    auto objectPaths = emitObjectsInParallel(
        std::move(*llvmModule), std::move(weights), signature->entry, **machine,
        options.optLevel, options.codegenThreads, loc);
    if (failed(objectPaths))
      return failure();
    llvm::scope_exit removeObjects([&] {
      for (const std::string &path : *objectPaths)
        llvm::sys::fs::remove(path);
    });
    if (failed(linkSharedObject(*objectPaths, outputPath, loc)))
      return failure();
    return sealArtifact(outputPath, loc);
  }

  // The other stages show the whole module, optimized in one piece.
  if (llvm::Error error =
          optimizeArtifactModule(**llvmModule, **machine, options.optLevel))
    return emitError(loc, "LLVM optimization failed: ")
           << llvm::toString(std::move(error));
  if (options.emit == Stage::LLVMIR)
    return writeOutput(outputPath, loc, [&](llvm::raw_ostream &os) {
      (*llvmModule)->print(os, nullptr);
    });
  if (options.emit == Stage::Assembly || options.emit == Stage::Object) {
    std::string error;
    auto file = openOutputFile(outputPath, &error);
    if (!file)
      return emitError(loc, "cannot write '") << outputPath << "': " << error;
    if (failed(emitMachineCode(**llvmModule, **machine,
                               options.emit == Stage::Assembly, file->os())))
      return emitError(loc, "code generation failed");
    file->keep();
    return success();
  }
  llvm_unreachable("every stage is handled above");
}

LogicalResult Compiler::compileFile(StringRef inputPath,
                                    const CompileOptions &options,
                                    StringRef outputPath) {
  OwningOpRef<ModuleOp> module = parseFile(inputPath, options.onnx);
  if (!module)
    return failure();
  return compile(*module, options, outputPath);
}
