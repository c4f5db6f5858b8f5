#include "dp/engine/compute_setup.h"

#include <dlfcn.h>
#include <malloc.h>

#include <ATen/Parallel.h>
#include <algorithm>
#include <thread>

namespace leakgate::dp {

int ResolveComputeThreads(int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void SetUpCompute(int threads) {
  at::set_num_threads(ResolveComputeThreads(threads));
  SetBlasThreads(1);
  RetainFreedMemory();
}

void SetBlasThreads(int threads) {
  // Looked up at run time: the BLAS behind libblas.so.3 is whichever Debian alternative is installed, and only
  // OpenBLAS has a pool of its own.
  using SetOpenBlasThreads = void (*)(int);
  if (auto* set_threads = reinterpret_cast<SetOpenBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set_threads(threads);
  }
}

void RetainFreedMemory() {
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit; setting either value also turns off glibc's
  // adaptive threshold, so both are set.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace leakgate::dp
