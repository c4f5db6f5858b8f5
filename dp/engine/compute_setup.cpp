#include "dp/engine/compute_setup.h"

#include <dlfcn.h>

#include <ATen/Parallel.h>
#include <algorithm>
#include <thread>

#include "common/memory.h"
#include "common/threads.h"

namespace leakgate::dp {

void SetUpCompute(int threads) {
  at::set_num_threads(common::ResolveThreads(threads));
  SetBlasThreads(1);
  // With glibc's defaults every step's activations and gradients were fresh mmaps, each page faulted in again: about
  // 9,300 page faults per byte-LM step (docs/BENCHMARKS.md).
  common::RetainFreedMemory();
}

void SetBlasThreads(int threads) {
  // Looked up at run time: the BLAS behind libblas.so.3 is whichever Debian alternative is installed, and only
  // OpenBLAS has a pool of its own.
  using SetOpenBlasThreads = void (*)(int);
  if (auto* set_threads = reinterpret_cast<SetOpenBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set_threads(threads);
  }
}

}  // namespace leakgate::dp
