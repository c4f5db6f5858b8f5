// How this process computes with LibTorch: threads and the allocator. Call SetUpCompute before training or
// scoring: LibTorch here starts with one thread, and glibc's defaults re-fault every large tensor.
#pragma once

namespace leakgate::dp {

// Gives ATen's intra-op pool `threads` threads (<= 0: one per hardware thread) and runs BLAS calls single-threaded
// inside it. Debian's OpenBLAS (pthread build) otherwise keeps its own pool of spinning threads that fights ATen's
// OpenMP pool for the same cores: on 2 cores that made a training step up to 3x slower (docs/BENCHMARKS.md).
// Also keeps freed tensor memory in the process for reuse (common::RetainFreedMemory).
void SetUpCompute(int threads);

// Threads of OpenBLAS's own pool, when OpenBLAS is the BLAS loaded (else nothing happens).
void SetBlasThreads(int threads);

}  // namespace leakgate::dp
