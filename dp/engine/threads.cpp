#include "dp/engine/threads.h"

#include <dlfcn.h>

#include <ATen/Parallel.h>
#include <algorithm>
#include <thread>

namespace leakgate::dp {

int ResolveComputeThreads(int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void SetComputeThreads(int threads) {
  at::set_num_threads(ResolveComputeThreads(threads));
  // Looked up at run time: the BLAS behind libblas.so.3 is whichever Debian alternative is installed, and only
  // OpenBLAS has a pool of its own to shrink.
  using SetBlasThreads = void (*)(int);
  if (auto* set_blas_threads = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set_blas_threads(1);
  }
}

}  // namespace leakgate::dp
