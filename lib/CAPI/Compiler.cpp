//===- Compiler.cpp - C API of the dlc compiler ---------------------------===//
//
// A thin layer over dlc::Compiler (include/dlc-c/Compiler.h): options by
// their `dlc compile` flag names, diagnostics returned as text.
//
//===----------------------------------------------------------------------===//

#include "dlc-c/Compiler.h"

#include "dlc/Compiler/Compiler.h"

#include "llvm/ADT/StringSwitch.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;

struct dlc_compile_options {
  dlc::CompileOptions options;
};

namespace {

std::optional<bool> parseBool(StringRef value) {
  return StringSwitch<std::optional<bool>>(value)
      .Case("true", true)
      .Case("false", false)
      .Default(std::nullopt);
}

/// Applies `name` = `value` to `options`; false if the option is unknown or
/// cannot take the value.
bool setOption(dlc::CompileOptions &options, StringRef name, StringRef value) {
  auto setString = [&](std::string &field) {
    field = value.str();
    return true;
  };
  auto setBool = [&](bool &field, bool negate) {
    std::optional<bool> parsed = parseBool(value);
    if (parsed)
      field = *parsed != negate;
    return parsed.has_value();
  };
  if (name == "target")
    return setString(options.target);
  if (name == "cuda-arch")
    return setString(options.cudaArch);
  if (name == "cuda-matmul-precision")
    return setString(options.cudaMatmulPrecision);
  if (name == "cuda-toolkit")
    return setString(options.cudaToolkit);
  if (name == "cuda-image")
    return setString(options.cudaImage);
  if (name == "cpu")
    return setString(options.cpu);
  if (name == "report-file")
    return setString(options.reportPath);
  if (name == "place") {
    options.pins.push_back(value.str());
    return true;
  }
  if (name == "input-shape")
    return dlc::addInputShapeSpec(options.onnx, value).empty();
  if (name == "dim")
    return dlc::addDimSpec(options.onnx, value).empty();
  if (name == "freeze-input") {
    auto [input, file] = value.split("=@");
    if (file.empty())
      return false;
    options.onnx.frozenInputs.emplace_back(input.str(), file.str());
    return true;
  }
  if (name == "no-fallback")
    return setBool(options.noFallback, /*negate=*/false);
  if (name == "no-fusion")
    return setBool(options.fuse, /*negate=*/true);
  if (name == "report") {
    std::optional<dlc::ReportFormat> format =
        StringSwitch<std::optional<dlc::ReportFormat>>(value)
            .Case("text", dlc::ReportFormat::Text)
            .Case("json", dlc::ReportFormat::JSON)
            .Case("none", dlc::ReportFormat::None)
            .Default(std::nullopt);
    if (format)
      options.report = *format;
    return format.has_value();
  }
  if (name == "O") {
    unsigned level;
    if (value.getAsInteger(10, level) || level > 3)
      return false;
    options.optLevel = level;
    return true;
  }
  if (name == "jobs")
    return !value.getAsInteger(10, options.codegenThreads);
  if (name == "emit") {
    std::optional<dlc::Stage> stage = dlc::parseStage(value);
    if (stage)
      options.emit = *stage;
    return stage.has_value();
  }
  return false;
}

} // namespace

dlc_compile_options *dlc_compile_options_create(void) {
  return new dlc_compile_options();
}

void dlc_compile_options_destroy(dlc_compile_options *options) {
  delete options;
}

int dlc_compile_options_set(dlc_compile_options *options, const char *name,
                            const char *value) {
  if (!options || !name || !value)
    return -1;
  dlc::CompileOptions updated = options->options;
  if (!setOption(updated, name, value))
    return -1;
  options->options = std::move(updated);
  return 0;
}

int dlc_compile_file(const char *model_path, const dlc_compile_options *options,
                     const char *output_path, char **diagnostics) {
  std::string text;
  raw_string_ostream stream(text);
  bool ok = false;
  if (!model_path || !output_path) {
    stream << "error: dlc_compile_file needs a model path and an output "
              "path\n";
  } else {
    dlc::Compiler compiler(stream);
    ok = succeeded(compiler.compileFile(
        model_path, options ? options->options : dlc::CompileOptions(),
        output_path));
  }
  stream.flush();
  if (diagnostics)
    *diagnostics = text.empty() ? nullptr : strdup(text.c_str());
  return ok ? 0 : -1;
}

void dlc_string_free(char *string) { free(string); }
