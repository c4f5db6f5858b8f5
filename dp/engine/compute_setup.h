// How this process computes with LibTorch: threads and the allocator. Call SetUpCompute before training or
// scoring: LibTorch here starts with one thread, and glibc's defaults re-fault every large tensor.
#pragma once

namespace leakgate::dp {

// Gives ATen's intra-op pool `threads` threads (<= 0: one per hardware thread) and runs BLAS calls single-threaded
// inside it. Debian's OpenBLAS (pthread build) otherwise keeps its own pool of spinning threads that fights ATen's
// OpenMP pool for the same cores: on 2 cores that made a training step up to 3x slower (docs/BENCHMARKS.md).
// Also keeps freed tensor memory in the process for reuse (see RetainFreedMemory).
void SetUpCompute(int threads);

// Threads of OpenBLAS's own pool, when OpenBLAS is the BLAS loaded (else nothing happens).
void SetBlasThreads(int threads);

// The thread count SetUpCompute would use for `threads`.
int ResolveComputeThreads(int threads);

// Tensors up to 32 MiB come from malloc's heap, and freed heap memory is kept (up to 1 GiB) rather than returned to
// the kernel. With glibc's defaults every step's activations and gradients were fresh mmaps, each page faulted in
// again: about 9,300 page faults per byte-LM step (docs/BENCHMARKS.md). The cost is that the resident size stays at
// its peak.
void RetainFreedMemory();

}  // namespace leakgate::dp
