// How many CPU threads LibTorch computes with. Call it before training or scoring: LibTorch here starts with one.
#pragma once

namespace leakgate::dp {

// Gives ATen's intra-op pool `threads` threads (<= 0: one per hardware thread) and runs BLAS calls single-threaded
// inside it. Debian's OpenBLAS (pthread build) otherwise keeps its own pool of spinning threads that fights ATen's
// OpenMP pool for the same cores: on 2 cores that made a training step up to 3x slower (docs/BENCHMARKS.md).
void SetComputeThreads(int threads);

// The thread count SetComputeThreads would use for `threads`.
int ResolveComputeThreads(int threads);

}  // namespace leakgate::dp
