//===- GemmBench.cpp - dlc matmul vs oneDNN's dnnl_sgemm ------------------===//
//
// For each shape and thread count, compiles C = A * B (A: MxK, B: KxN, f32)
// with dlc, runs it through libdlc_runtime, runs dnnl_sgemm on the same data
// in the same process, checks that the two agree and prints GFLOP/s and the
// ratio. Usage: dlc-bench-gemm [--threads=1,2] [--shapes=MxNxK,...]
// [--cpu=NAME] [--vector-bits=N] (the target code is generated for).
//
//===----------------------------------------------------------------------===//

#include "dlc-rt/dlc_runtime.h"
#include "dlc/Compiler/Compiler.h"

#include "oneapi/dnnl/dnnl.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern "C" void omp_set_num_threads(int);

namespace {
struct Shape {
  int64_t m, n, k;
};

std::vector<Shape> defaultShapes() {
  return {{256, 256, 256},    {512, 512, 512}, {1024, 1024, 1024},
          {2048, 2048, 2048}, {128, 768, 768}, {128, 3072, 768},
          {128, 768, 3072}};
}

std::vector<int> parseList(const std::string &text) {
  std::vector<int> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ','))
    values.push_back(std::stoi(item));
  return values;
}

std::vector<Shape> parseShapes(const std::string &text) {
  std::vector<Shape> shapes;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    Shape s{};
    if (std::sscanf(item.c_str(), "%ldx%ldx%ld", &s.m, &s.n, &s.k) != 3) {
      llvm::errs() << "bad shape '" << item << "', expected MxNxK\n";
      std::exit(2);
    }
    shapes.push_back(s);
  }
  return shapes;
}

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2,
                   values.end());
  return values[values.size() / 2];
}

/// Median seconds per call of `first` and `second`, timed in alternating
/// rounds of about 50 ms each (at least 3 calls), so that both see the same
/// machine: this VM's speed drifts by +-20% over seconds.
template <typename FnA, typename FnB>
std::pair<double, double> interleavedMedians(FnA first, FnB second) {
  first();
  second();
  std::vector<double> timesA, timesB;
  auto round = [](auto &fn, std::vector<double> &times) {
    auto start = std::chrono::steady_clock::now();
    for (int calls = 0; calls < 3 || std::chrono::steady_clock::now() - start <
                                         std::chrono::milliseconds(50);
         ++calls) {
      auto t0 = std::chrono::steady_clock::now();
      fn();
      times.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count());
    }
  };
  for (int i = 0; i < 10; ++i) {
    round(first, timesA);
    round(second, timesB);
  }
  return {median(timesA), median(timesB)};
}

std::string matmulModel(const Shape &s) {
  std::string a =
      "tensor<" + std::to_string(s.m) + "x" + std::to_string(s.k) + "xf32>";
  std::string b =
      "tensor<" + std::to_string(s.k) + "x" + std::to_string(s.n) + "xf32>";
  std::string c =
      "tensor<" + std::to_string(s.m) + "x" + std::to_string(s.n) + "xf32>";
  return "func.func @main(%a: " + a + ", %b: " + b + ") -> " + c +
         " {\n  %c = dlc.matmul %a, %b : (" + a + ", " + b + ") -> " + c +
         "\n  return %c : " + c + "\n}\n";
}

/// Compiles the matmul for `s` into `dir`; returns the artifact path.
std::string compileMatmul(const Shape &s, const std::string &dir,
                          const std::string &cpu, unsigned vectorBits,
                          double &compileSeconds) {
  std::string base = dir + "/mm_" + std::to_string(s.m) + "x" +
                     std::to_string(s.n) + "x" + std::to_string(s.k);
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(base + ".mlir", ec);
    out << matmulModel(s);
  }
  dlc::Compiler compiler;
  dlc::CompileOptions options;
  options.cpu = cpu;
  options.vectorBits = vectorBits;
  auto t0 = std::chrono::steady_clock::now();
  if (mlir::failed(compiler.compileFile(base + ".mlir", options, base + ".so")))
    std::exit(1);
  compileSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  return base + ".so";
}
} // namespace

int main(int argc, char **argv) {
  std::vector<int> threadCounts = {
      1, static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))};
  std::vector<Shape> shapes = defaultShapes();
  std::string cpu = "native";
  unsigned vectorBits = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--cpu=", 0) == 0)
      cpu = arg.substr(6);
    else if (arg.rfind("--vector-bits=", 0) == 0)
      vectorBits = std::stoi(arg.substr(14));
    else if (arg.rfind("--threads=", 0) == 0)
      threadCounts = parseList(arg.substr(10));
    else if (arg.rfind("--shapes=", 0) == 0)
      shapes = parseShapes(arg.substr(9));
    else {
      llvm::errs() << "usage: dlc-bench-gemm [--threads=1,2] "
                      "[--shapes=MxNxK,...] [--cpu=NAME] [--vector-bits=N]\n";
      return 2;
    }
  }
  llvm::SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("dlc-bench-gemm", dir)) {
    llvm::errs() << "cannot create a temporary directory\n";
    return 1;
  }

  llvm::outs() << "| M x N x K | threads | dlc GFLOP/s | oneDNN GFLOP/s | "
                  "dlc/oneDNN | compile s |\n|---|---|---|---|---|---|\n";
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (const Shape &s : shapes) {
    double compileSeconds = 0;
    std::string artifact =
        compileMatmul(s, dir.str().str(), cpu, vectorBits, compileSeconds);
    std::vector<float> a(s.m * s.k), b(s.k * s.n), c(s.m * s.n), ref(s.m * s.n);
    for (float &v : a)
      v = dist(rng);
    for (float &v : b)
      v = dist(rng);
    double flops = 2.0 * s.m * s.n * s.k;
    for (int threads : threadCounts) {
      setenv("DLC_NUM_THREADS", std::to_string(threads).c_str(), 1);
      omp_set_num_threads(threads);
      dlc_model *model = nullptr;
      if (dlc_model_load(artifact.c_str(), &model) != DLC_OK) {
        llvm::errs() << dlc_last_error() << "\n";
        return 1;
      }
      int64_t aShape[] = {s.m, s.k}, bShape[] = {s.k, s.n},
              cShape[] = {s.m, s.n};
      dlc_tensor inputs[] = {{DLC_DTYPE_F32, 2, aShape, a.data()},
                             {DLC_DTYPE_F32, 2, bShape, b.data()}};
      dlc_tensor output = {DLC_DTYPE_F32, 2, cShape, c.data()};
      auto [dlcSeconds, dnnlSeconds] = interleavedMedians(
          [&] {
            if (dlc_model_run(model, inputs, 2, &output, 1) != DLC_OK) {
              llvm::errs() << dlc_last_error() << "\n";
              std::exit(1);
            }
          },
          [&] {
            dnnl_sgemm('N', 'N', s.m, s.n, s.k, 1.0f, a.data(), s.k, b.data(),
                       s.n, 0.0f, ref.data(), s.n);
          });
      dlc_model_free(model);

      // Summation order differs; K terms of magnitude <= 1 bound the error.
      double maxError = 0;
      for (size_t i = 0; i < c.size(); ++i)
        maxError = std::max(maxError, double(std::fabs(c[i] - ref[i])));
      if (maxError > 1e-4 * s.k) {
        llvm::errs() << "dlc and oneDNN disagree for " << s.m << "x" << s.n
                     << "x" << s.k << ": max error " << maxError << "\n";
        return 1;
      }
      double dlcRate = flops / dlcSeconds / 1e9,
             dnnlRate = flops / dnnlSeconds / 1e9;
      llvm::outs() << llvm::format("| %ld x %ld x %ld | %d | %.1f | %.1f | "
                                   "%.2f | %.2f |\n",
                                   s.m, s.n, s.k, threads, dlcRate, dnnlRate,
                                   dlcRate / dnnlRate, compileSeconds);
      llvm::outs().flush();
    }
  }
  llvm::sys::fs::remove_directories(dir);
  return 0;
}
