//===- buffer-cache-test.cpp - the runtime's buffer cache -----------------===//
//
// Checks the placement of the buffers generated code allocates: every buffer
// is cache-line aligned, buffers of 1 MiB or more are in 2 MiB-aligned
// memory (for transparent huge pages) at staggered offsets, released
// buffers are reused, buffers are freed through whichever run made them, a
// stopped run's buffers go back to the cache, and a model's memory limit
// refuses allocations through the landing.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/Host/BufferCache.h"

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>
#include <vector>

using namespace dlc::runtime;

static int failures = 0;

static void check(bool condition, const char *what) {
  if (!condition) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

static uintptr_t address(void *buffer) {
  return reinterpret_cast<uintptr_t>(buffer);
}

int main() {
  constexpr size_t kLarge = size_t(3) << 20, kSmall = 1000;
  constexpr uintptr_t kHugePage = uintptr_t(2) << 20;

  void *small = allocateBuffer(kSmall);
  check(small && address(small) % 64 == 0, "small buffer is 64-byte aligned");
  std::memset(small, 1, kSmall);
  freeBuffer(small);

  // Sixteen large buffers: aligned, inside huge pages at distinct offsets
  // (so that their starts fall into different cache sets), and writable.
  std::vector<void *> large;
  std::set<uintptr_t> offsets;
  for (int i = 0; i < 16; ++i) {
    void *buffer = allocateBuffer(kLarge);
    check(buffer && address(buffer) % 64 == 0,
          "large buffer is 64-byte aligned");
    offsets.insert(address(buffer) % kHugePage);
    std::memset(buffer, 2, kLarge);
    large.push_back(buffer);
  }
  check(offsets.size() == 16, "large buffers start at 16 distinct offsets");
  // The header (64 bytes) comes first, at one of 16 offsets 320 bytes apart.
  for (uintptr_t offset : offsets)
    check(offset % 320 == 64 && offset < 16 * 320,
          "large buffers start 64 bytes past a staggered offset");
  for (void *buffer : large)
    freeBuffer(buffer);

  // A model's cache hands a released buffer to the next request of its size.
  BufferCache cache;
  {
    RunBuffers run(cache);
    setCurrentRun(&run);
    void *first = allocateBuffer(kLarge);
    freeBuffer(first);
    void *second = allocateBuffer(kLarge);
    check(first == second, "a released buffer is reused");
    void *third = allocateBuffer(kLarge);
    check(third != second, "a buffer in use is not handed out twice");
    freeBuffer(second);
    freeBuffer(third);
    setCurrentRun(nullptr);
  }

  // A run that ends holding buffers (stopped by a failed allocation) gives
  // them back to the cache.
  void *kept;
  {
    RunBuffers run(cache);
    setCurrentRun(&run);
    kept = allocateBuffer(kSmall);
    allocateBuffer(kSmall);
    setCurrentRun(nullptr);
  }
  {
    RunBuffers run(cache);
    setCurrentRun(&run);
    void *again = allocateBuffer(kSmall);
    void *again2 = allocateBuffer(kSmall);
    check(again == kept || again2 == kept,
          "a stopped run's buffers return to the cache");
    freeBuffer(again);
    freeBuffer(again2);
    setCurrentRun(nullptr);
  }

  // Over the limit: idle buffers are given back first, then the request is
  // refused through the landing, with the reason.
  BufferCache limited(2 * kLarge);
  {
    RunBuffers run(limited);
    setCurrentRun(&run);
    void *a = allocateBuffer(kLarge);
    freeBuffer(a); // idle: freed to make room below
    void *b = allocateBuffer(kLarge + 64);
    check(b != nullptr, "idle buffers make room under the limit");
    AllocationLanding landing;
    setAllocationLanding(&landing);
    volatile bool jumped = false;
    if (setjmp(landing.jump) == 0)
      allocateBuffer(kLarge);
    else
      jumped = true;
    setAllocationLanding(nullptr);
    check(jumped, "a refused allocation jumps to the landing");
    check(landing.error.find(
              "to 6291520 bytes, over DLC_MEMORY_LIMIT (6291456 bytes)") !=
              std::string::npos,
          "the refusal names the limit");
    std::printf("refused: %s\n", landing.error.c_str());
    freeBuffer(b);
    setCurrentRun(nullptr);
  }

  if (failures)
    return 1;
  std::printf("OK\n");
  return 0;
}
